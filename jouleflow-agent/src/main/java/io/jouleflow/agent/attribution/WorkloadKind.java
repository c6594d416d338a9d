package io.jouleflow.agent.attribution;

import java.util.Locale;

/** What a workload is, as the {@code kind} label says it. */
public enum WorkloadKind {
  /** A systemd service: {@code system.slice/NAME.service}. */
  SERVICE,
  /** A container of docker, containerd, CRI-O or podman. */
  CONTAINER,
  /** A Kubernetes pod. */
  POD,
  /** A user's session slice under {@code user.slice}. */
  USER,
  /**
   * Any other cgroup, the root's own CPU time, and workloads folded beyond {@code MAX_WORKLOADS}.
   */
  OTHER,
  /** The CPU time no workload used. */
  IDLE;

  /** The label value: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

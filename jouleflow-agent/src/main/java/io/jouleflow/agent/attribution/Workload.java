package io.jouleflow.agent.attribution;

import io.jouleflow.api.Series;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One workload: what its labels say. Equal workloads are the same workload (the same cgroup seen
 * again).
 *
 * @param kind what it is
 * @param name the {@code workload} label: the service's unit name, the container's 12-hex short id,
 *     the pod's UID, the user slice's name, the cgroup's last path element for {@code other}
 * @param cgroup the path below the hierarchy's root without a leading slash, e.g. {@code
 *     system.slice/nginx.service}; null for {@link #IDLE} and {@link #OTHER}
 * @param containerId the full container id, where known
 * @param podUid the pod's UID with dashes, where known
 */
public record Workload(
    WorkloadKind kind,
    String name,
    @Nullable String cgroup,
    @Nullable String containerId,
    @Nullable String podUid) {

  /** The metric of the energy per workload. */
  public static final String ENERGY_METRIC = "jouleflow_workload_energy_joules_total";

  /** The CPU time no workload used. */
  public static final Workload IDLE = new Workload(WorkloadKind.IDLE, "idle", null, null, null);

  /**
   * The root cgroup's own CPU time, time no listed workload accounts for, and workloads folded
   * beyond {@code MAX_WORKLOADS}.
   */
  public static final Workload OTHER = new Workload(WorkloadKind.OTHER, "other", null, null, null);

  /**
   * The series of this workload's share of the machine series {@code energy}: its labels ({@code
   * source}, {@code domain}, {@code device}, ...) plus {@code kind}, {@code workload} and, where
   * known, {@code cgroup}, {@code container_id} and {@code pod_uid}.
   */
  public Series energySeries(Series energy) {
    Map<String, String> labels = new TreeMap<>(energy.labels());
    labels.put("kind", kind.label());
    labels.put("workload", name);
    put(labels, "cgroup", cgroup);
    put(labels, "container_id", containerId);
    put(labels, "pod_uid", podUid);
    return Series.of(ENERGY_METRIC, labels);
  }

  private static void put(Map<String, String> labels, String name, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      labels.put(name, value);
    }
  }
}

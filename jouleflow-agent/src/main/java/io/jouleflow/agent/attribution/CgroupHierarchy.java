package io.jouleflow.agent.attribution;

import java.nio.file.Path;

/**
 * The cgroup hierarchy whose CPU counters attribution reads: cgroup v2 (at {@code CGROUP_PATH}, or
 * at {@code CGROUP_PATH/unified} beside v1 on hybrid hosts), else v1 {@code cpuacct}.
 *
 * @param version 2 or 1
 * @param root the hierarchy's root folder
 * @param description for people, e.g. {@code cgroup v2 at /sys/fs/cgroup/unified (hybrid)}
 */
public record CgroupHierarchy(int version, Path root, String description) {

  /**
   * Finds the hierarchy under {@code cgroupPath}.
   *
   * @throws AttributionUnavailableException with one line saying what is missing
   */
  public static CgroupHierarchy detect(Path cgroupPath) throws AttributionUnavailableException {
    throw new AttributionUnavailableException("TODO(wt-cgroup): detection of " + cgroupPath);
  }
}

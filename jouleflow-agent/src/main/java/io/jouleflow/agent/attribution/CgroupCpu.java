package io.jouleflow.agent.attribution;

import io.jouleflow.agent.config.AttributionLevel;
import java.nio.file.Path;

/**
 * Reads the CPU time of every workload of a {@link CgroupHierarchy}: finds the workloads (at most
 * once a second) and reads their counters at each call. One thread uses it.
 */
public final class CgroupCpu implements AutoCloseable {

  private final CgroupHierarchy hierarchy;
  private final int cpus;

  private CgroupCpu(CgroupHierarchy hierarchy, int cpus) {
    this.hierarchy = hierarchy;
    this.cpus = cpus;
  }

  /**
   * Opens the hierarchy under {@code cgroupPath}, counting the online CPUs from {@code sysfs}.
   *
   * @throws AttributionUnavailableException with one line saying why attribution cannot run
   */
  public static CgroupCpu open(Path cgroupPath, Path sysfs, AttributionLevel level)
      throws AttributionUnavailableException {
    throw new AttributionUnavailableException("TODO(wt-cgroup)");
  }

  /** The hierarchy read. */
  public CgroupHierarchy hierarchy() {
    return hierarchy;
  }

  /** The machine's online CPUs. */
  public int cpus() {
    return cpus;
  }

  /** Reads every workload's counter now. */
  public CpuDeltas read() {
    throw new UnsupportedOperationException("TODO(wt-cgroup)");
  }

  /** Reads that failed for another reason than a cgroup going away; any thread may ask. */
  public long readErrors() {
    return 0; // TODO(wt-cgroup)
  }

  @Override
  public void close() {}
}

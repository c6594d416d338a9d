package io.jouleflow.agent.attribution;

/**
 * Where the attributor gets the workloads' CPU time: {@link CgroupCpu} in the agent, readings made
 * up by tests.
 */
@FunctionalInterface
interface CpuReadings extends AutoCloseable {

  /** The CPU time each workload used since the previous call; may throw when the read fails. */
  CpuDeltas read();

  /** Reads that failed for another reason than a cgroup going away, counted by the reader. */
  default long readErrors() {
    return 0;
  }

  @Override
  default void close() {}

  /** The readings of {@code cgroups}. */
  static CpuReadings of(CgroupCpu cgroups) {
    return new CpuReadings() {
      @Override
      public CpuDeltas read() {
        return cgroups.read();
      }

      @Override
      public long readErrors() {
        return cgroups.readErrors();
      }

      @Override
      public void close() {
        cgroups.close();
      }
    };
  }
}

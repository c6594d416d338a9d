package io.jouleflow.agent.attribution;

import io.jouleflow.api.Series;
import java.util.Set;

/**
 * The one rule that splits an interval's energy over the workloads, written once: a workload that
 * used {@code Δcpu} of CPU time in an interval of {@code Δt} on {@code N} CPUs gets {@code E × Δcpu
 * / (N × Δt)} of the interval's energy {@code E}; what no workload used is idle. When the
 * workloads' CPU time adds up to more than {@code N × Δt} (readings a little apart), the shares are
 * scaled down to add up to one and idle gets nothing. So the workloads and idle always add up to
 * {@code E}.
 */
public final class EnergySplit {

  /** The domains whose energy the CPUs' time explains: the ones split. */
  private static final Set<String> CPU_DOMAINS =
      Set.of("package", "core", "uncore", "dram", "psys");

  private EnergySplit() {}

  /**
   * Whether {@code series} is split by this rule: the machine's CPU-side energy (the energy metric
   * with a CPU domain, from any source). GPU series and plugin records are not.
   */
  public static boolean splits(Series series) {
    return series.metric().equals(Series.ENERGY_METRIC)
        && CPU_DOMAINS.contains(series.labels().getOrDefault("domain", ""));
  }

  /**
   * The shares of {@code cpuNanos} (one per workload) of {@code cpus} CPUs over {@code
   * windowNanos}, written into {@code shares}; returns the idle share. The shares and the idle
   * share add up to one.
   */
  public static double shares(
      long[] cpuNanos, int count, int cpus, long windowNanos, double[] shares) {
    if (cpus <= 0 || windowNanos <= 0) {
      throw new IllegalArgumentException(cpus + " CPUs over " + windowNanos + " ns");
    }
    double capacity = (double) cpus * windowNanos;
    double used = 0;
    for (int i = 0; i < count; i++) {
      used += Math.max(0, cpuNanos[i]);
    }
    double scale = used > capacity ? used : capacity;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      shares[i] = Math.max(0, cpuNanos[i]) / scale;
      sum += shares[i];
    }
    return Math.max(0, 1 - sum);
  }

  /** A workload's energy: {@code joules × share}. */
  public static double joules(double joules, double share) {
    return joules * share;
  }
}

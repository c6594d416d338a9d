package io.jouleflow.agent.cli;

import io.jouleflow.agent.attribution.EnergySplit;
import io.jouleflow.api.Series;

/**
 * The command's share of the machine's energy, by the rule of {@link EnergySplit}: the command's
 * CPU time and the machine's energy counters are marked just before it starts, at every attribution
 * tick and just after it exits; each interval between two marks gives the command {@code ΔE × Δcpu
 * / (N_cpu × Δt)}, and the shares add up over the intervals. A counter that gave no reading at a
 * mark carries its interval over to its next reading.
 */
final class CommandShare {

  private final int cpus;
  private int marks;
  private long firstCpuNanos;
  private long lastCpuNanos;
  // per column, at its last reading: the counter, the command's CPU time, the time
  private double[] energy = new double[0];
  private long[] cpuAt = new long[0];
  private long[] nanosAt = new long[0];
  private int[] readings = new int[0];
  private double[] joules = new double[0];

  /** Over {@code cpus} online CPUs. */
  CommandShare(int cpus) {
    if (cpus < 1) {
      throw new IllegalArgumentException(cpus + " CPUs");
    }
    this.cpus = cpus;
  }

  /** Whether the series' energy is split: a CPU-side domain of the energy metric. */
  static boolean splits(Series series) {
    return EnergySplit.splits(series);
  }

  /**
   * Marks the energy counters (one per report column, NaN where none was read), the command's
   * cumulative CPU time and the monotonic time, all at about the same moment, and adds the
   * command's share of each counter's interval since its previous reading. Keeps nothing per mark.
   */
  synchronized void mark(double[] counters, long cpuNanos, long nanos) {
    if (marks == 0) {
      firstCpuNanos = cpuNanos;
      energy = new double[counters.length];
      cpuAt = new long[counters.length];
      nanosAt = new long[counters.length];
      readings = new int[counters.length];
      joules = new double[counters.length];
    }
    marks++;
    lastCpuNanos = cpuNanos;
    long[] cpu = new long[1];
    double[] share = new double[1];
    for (int column = 0; column < counters.length; column++) {
      if (Double.isNaN(counters[column])) {
        continue; // its interval carries over to its next reading
      }
      long window = nanos - nanosAt[column];
      if (readings[column] > 0) {
        if (window <= 0) {
          continue;
        }
        cpu[0] = cpuNanos - cpuAt[column];
        EnergySplit.shares(cpu, 1, cpus, window, share);
        joules[column] += EnergySplit.joules(counters[column] - energy[column], share[0]);
      }
      readings[column]++;
      energy[column] = counters[column];
      cpuAt[column] = cpuNanos;
      nanosAt[column] = nanos;
    }
  }

  /** The online CPUs the rule divides by. */
  int cpus() {
    return cpus;
  }

  /** The command's CPU time between the first and the last mark, in seconds. */
  synchronized double cpuSeconds() {
    return marks < 2 ? Double.NaN : (lastCpuNanos - firstCpuNanos) / 1e9;
  }

  /**
   * The command's joules of {@code column}: Σ over the intervals between its readings of {@code ΔE
   * × share}; NaN with fewer than two readings.
   */
  synchronized double commandJoules(int column) {
    return column >= readings.length || readings[column] < 2 ? Double.NaN : joules[column];
  }
}

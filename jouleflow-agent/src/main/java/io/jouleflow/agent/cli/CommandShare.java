package io.jouleflow.agent.cli;

import io.jouleflow.agent.attribution.EnergySplit;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command's share of the machine's energy, by the rule of {@link EnergySplit}: the command's
 * CPU time and the machine's energy counters are marked just before it starts, at every attribution
 * tick and just after it exits; each interval between two marks gives the command {@code ΔE × Δcpu
 * / (N_cpu × Δt)}, and the shares add up over the intervals. A counter that gave no reading at a
 * mark carries its interval over to its next reading.
 */
final class CommandShare {

  /** The CPU-side energy domains that are split; GPUs and plugins' series are not. */
  static final Set<String> SPLIT_DOMAINS = Set.of("package", "core", "uncore", "dram", "psys");

  private static final String ENERGY_METRIC = "jouleflow_energy_joules_total";

  private record Mark(double[] energy, long cpuNanos, long nanos) {}

  private final int cpus;
  private final List<Mark> marks = new ArrayList<>();

  /** Over {@code cpus} online CPUs. */
  CommandShare(int cpus) {
    if (cpus < 1) {
      throw new IllegalArgumentException(cpus + " CPUs");
    }
    this.cpus = cpus;
  }

  /** Whether the series' energy is split: a CPU-side domain of the energy metric. */
  static boolean splits(Series series) {
    return series.metric().equals(ENERGY_METRIC)
        && SPLIT_DOMAINS.contains(series.labels().getOrDefault("domain", ""));
  }

  /**
   * Marks the energy counters (one per report column, NaN where none was read), the command's
   * cumulative CPU time and the monotonic time, all at about the same moment.
   */
  synchronized void mark(double[] energy, long cpuNanos, long nanos) {
    marks.add(new Mark(energy.clone(), cpuNanos, nanos));
  }

  /** The online CPUs the rule divides by. */
  int cpus() {
    return cpus;
  }

  /** The marks taken so far. */
  synchronized int marks() {
    return marks.size();
  }

  /** The command's CPU time between the first and the last mark, in seconds. */
  synchronized double cpuSeconds() {
    if (marks.size() < 2) {
      return Double.NaN;
    }
    return (marks.getLast().cpuNanos() - marks.getFirst().cpuNanos()) / 1e9;
  }

  /**
   * The command's joules of {@code column}: Σ over the intervals between its readings of {@code ΔE
   * × share}; NaN with fewer than two readings.
   */
  synchronized double commandJoules(int column) {
    double joules = 0;
    double[] share = new double[1];
    long[] cpu = new long[1];
    @Nullable Mark previous = null;
    int readings = 0;
    for (Mark mark : marks) {
      double energy = mark.energy()[column];
      if (Double.isNaN(energy)) {
        continue;
      }
      readings++;
      if (previous != null) {
        long window = mark.nanos() - previous.nanos();
        if (window > 0) {
          cpu[0] = mark.cpuNanos() - previous.cpuNanos();
          EnergySplit.shares(cpu, 1, cpus, window, share);
          joules += EnergySplit.joules(energy - previous.energy()[column], share[0]);
        }
      }
      previous = mark;
    }
    return readings < 2 ? Double.NaN : joules;
  }
}

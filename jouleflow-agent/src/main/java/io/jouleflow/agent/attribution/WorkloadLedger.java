package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.api.Series;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The workloads' energy so far and the rows it writes: each interval, splits what every machine
 * series gained over the workloads of the reading, {@code other} and idle by {@link EnergySplit},
 * and appends one row to the {@link WorkloadTable}.
 *
 * <p>A workload gets series of its own when first split (if the table can lend it columns; else it
 * folds into {@code other}, counted). One no longer seen gets its last sample (unchanged) in that
 * interval's row and the staleness marker in the next; then its columns go back and it is
 * forgotten, so workloads that come and go do not add up. One thread uses it.
 */
final class WorkloadLedger {

  private final WorkloadTable table;
  private final List<Series> energy;
  private final FoldRule foldRule;
  private final WorkloadSeries idle;
  private final WorkloadSeries other;
  private final Map<Workload, WorkloadSeries> live = new HashMap<>();
  private Map<Workload, WorkloadSeries> ending = new HashMap<>();
  private Map<Workload, WorkloadSeries> spare = new HashMap<>();
  private final double[] row;
  private final AtomicLong folded = new AtomicLong();
  private volatile int workloads;
  private long interval;
  private WorkloadSeries[] members = new WorkloadSeries[16];
  private long[] cpu = new long[16];
  private double[] shares = new double[16];

  /**
   * A ledger of the workloads' shares of {@code energy} (the machine series split) in {@code
   * table}; at most {@code maxWorkloads} workloads get series of their own per interval.
   */
  WorkloadLedger(WorkloadTable table, List<Series> energy, int maxWorkloads) {
    this.table = table;
    this.energy = List.copyOf(energy);
    this.foldRule = new FoldRule(maxWorkloads);
    this.idle = lendOrFail(Workload.IDLE);
    this.other = lendOrFail(Workload.OTHER);
    this.row = new double[table.width()];
  }

  /**
   * Splits one interval: {@code gained} joules per machine series, over the workloads' CPU time in
   * {@code deltas} on {@code cpus} CPUs; appends the row stamped {@code timestampMillis}.
   */
  void split(CpuDeltas deltas, double[] gained, int cpus, long timestampMillis) {
    split(deltas, gained, cpus, deltas.elapsedNanos(), timestampMillis);
  }

  /**
   * Starts the series of the workloads of the first reading at 0, in a row stamped {@code
   * timestampMillis}: so the first interval after it is an increase Prometheus counts ({@code
   * increase()} and {@code rate()} never count a series' first sample).
   */
  void start(CpuDeltas first, long timestampMillis) {
    split(first, new double[energy.size()], 1, 1, timestampMillis);
  }

  private void split(
      CpuDeltas deltas, double[] gained, int cpus, long windowNanos, long timestampMillis) {
    interval++;
    int count = deltas.workloads().size();
    grow(count + 1);
    foldRule.prepare(deltas.cpuNanos(), count);
    int members = 0;
    long otherNanos = deltas.otherNanos();
    for (int i = 0; i < count; i++) {
      long used = deltas.cpuNanos()[i];
      WorkloadSeries series = seen(deltas.workloads().get(i), foldRule.keeps(used));
      if (series == null) {
        otherNanos += Math.max(0, used);
        folded.incrementAndGet();
      } else {
        this.members[members] = series;
        cpu[members++] = used;
      }
    }
    cpu[members] = otherNanos;
    double idleShare = EnergySplit.shares(cpu, members + 1, cpus, windowNanos, shares);
    for (int m = 0; m < members; m++) {
      this.members[m].add(gained, shares[m]);
    }
    Arrays.fill(this.members, 0, members, null);
    other.add(gained, shares[members]);
    idle.add(gained, idleShare);
    appendRow(timestampMillis);
  }

  /** Workloads with series of their own now. */
  int workloads() {
    return workloads;
  }

  /** Workload-intervals folded into {@code other}. */
  long folded() {
    return folded.get();
  }

  /** Workloads whose series end with the next row. */
  int ending() {
    return ending.size();
  }

  /** The idle series' joules so far for split column {@code e}. */
  double idleJoules(int e) {
    return idle.joules(e);
  }

  /** The other series' joules so far for split column {@code e}. */
  double otherJoules(int e) {
    return other.joules(e);
  }

  /** The joules so far of {@code workload} for split column {@code e}; NaN without series. */
  double joules(Workload workload, int e) {
    WorkloadSeries series = live.get(workload);
    return series == null ? Double.NaN : series.joules(e);
  }

  /**
   * Marks {@code workload} seen; returns its series when it is split on its own this interval
   * ({@code keeps} and it has or gets series), else null (folded).
   */
  private @Nullable WorkloadSeries seen(Workload workload, boolean keeps) {
    WorkloadSeries series = live.get(workload);
    if (series == null) {
      series = ending.remove(workload); // back before its series ended: it goes on
      if (series == null && keeps) {
        series = WorkloadSeries.lend(workload, energy, table);
      }
      if (series != null) {
        live.put(workload, series);
      }
    }
    if (series == null) {
      return null;
    }
    series.seen = interval;
    return keeps ? series : null;
  }

  private void appendRow(long timestampMillis) {
    Arrays.fill(row, Double.NaN);
    Map<Workload, WorkloadSeries> next = spare;
    for (Iterator<WorkloadSeries> it = live.values().iterator(); it.hasNext(); ) {
      WorkloadSeries series = it.next();
      series.write(row); // for one not seen now, its last sample
      if (series.seen != interval) {
        it.remove();
        next.put(series.workload(), series);
      }
    }
    ending.values().forEach(series -> series.writeStale(row));
    idle.write(row);
    other.write(row);
    table.append(timestampMillis, row);
    ending.values().forEach(series -> series.release(table));
    ending.clear();
    spare = ending;
    ending = next;
    workloads = live.size();
  }

  private WorkloadSeries lendOrFail(Workload workload) {
    WorkloadSeries series = WorkloadSeries.lend(workload, energy, table);
    if (series == null) {
      throw new IllegalArgumentException(
          "a table of " + table.width() + " columns for " + energy.size() + " series");
    }
    return series;
  }

  private void grow(int size) {
    if (cpu.length < size) {
      int length = Math.max(size, cpu.length * 2);
      members = Arrays.copyOf(members, length);
      cpu = Arrays.copyOf(cpu, length);
      shares = Arrays.copyOf(shares, length);
    }
  }
}

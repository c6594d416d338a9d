package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An attributor driven by hand for tests: sampler rows appended by the test, CPU readings made up
 * by it, a fake clock, no threads.
 */
final class AttributorRig {

  static final Series PACKAGE = Series.energy("rapl", "package", "0");
  static final Series DRAM = Series.energy("rapl", "dram", "0");
  static final Series GPU = Series.energy("nvml", "gpu", "0");
  static final List<Series> COLUMNS = List.of(PACKAGE, GPU, DRAM);
  static final long SECOND = 1_000_000_000L;

  final FakeClock clock = new FakeClock();
  final SampleRing rows = new SampleRing(16, COLUMNS.size());
  final WorkloadTable table;
  final Attributor attributor;
  private final Deque<Supplier<CpuDeltas>> readings = new ConcurrentLinkedDeque<>();
  private final RowBatch batch = new RowBatch();

  /** With at most {@code maxWorkloads} workloads and a table of {@code rows} x {@code width}. */
  AttributorRig(int cpus, int maxWorkloads, int tableRows, int width) {
    this(cpus, maxWorkloads, tableRows, width, false);
  }

  /** With the system clock for the attributor's waits when {@code threaded}. */
  AttributorRig(int cpus, int maxWorkloads, int tableRows, int width, boolean threaded) {
    table = new WorkloadTable(tableRows, width);
    AttributionSettings settings =
        new AttributionSettings(
            Path.of("/sys/fs/cgroup"),
            Duration.ofSeconds(1),
            10,
            AttributionLevel.POD,
            maxWorkloads);
    attributor =
        new Attributor(
            Feed.of(rows, COLUMNS),
            () -> {
              Supplier<CpuDeltas> next = readings.poll();
              if (next == null) {
                throw new IllegalStateException("no reading scripted");
              }
              return next.get();
            },
            cpus,
            "cgroup v2 at /test",
            settings,
            table,
            threaded ? Clock.SYSTEM : clock);
  }

  /** A rig with the table the agent would size. */
  static AttributorRig of(int cpus, int maxWorkloads) {
    int width = 2 * (maxWorkloads + 2) * 2;
    return new AttributorRig(cpus, maxWorkloads, 16, width);
  }

  /** The first interval: the baseline, with {@code packageJoules} and {@code dramJoules}. */
  void baseline(double packageJoules, double dramJoules) {
    baseline(packageJoules, dramJoules, new Use());
  }

  /** The first reading, with the workloads {@code use} names there (it splits no interval). */
  void baseline(double packageJoules, double dramJoules, Use use) {
    boolean split = interval(0, use, packageJoules, dramJoules);
    if (split) {
      throw new AssertionError("the baseline split an interval");
    }
  }

  /** One interval of {@code elapsedNanos} with {@code use}; the sampler row's energies. */
  boolean interval(long elapsedNanos, Use use, double packageJoules, double dramJoules) {
    queue(elapsedNanos, use, packageJoules, dramJoules);
    return attributor.attributeNow();
  }

  /** Appends the sampler row of an interval and scripts its reading; returns the row. */
  long queue(long elapsedNanos, Use use, double packageJoules, double dramJoules) {
    clock.advance(Duration.ofNanos(elapsedNanos));
    rows.append(clock.wallMillis(), new double[] {packageJoules, 1e6, dramJoules});
    readings.add(() -> use.deltas(elapsedNanos));
    return rows.published();
  }

  /** Readings scripted and not yet taken. */
  int readingsLeft() {
    return readings.size();
  }

  /** Scripts a failing read for the next interval. */
  boolean failingInterval(long elapsedNanos, double packageJoules, double dramJoules) {
    clock.advance(Duration.ofNanos(elapsedNanos));
    rows.append(clock.wallMillis(), new double[] {packageJoules, 1e6, dramJoules});
    readings.add(
        () -> {
          throw new IllegalStateException("cpu.stat: permission denied");
        });
    return attributor.attributeNow();
  }

  /** The newest row's value of {@code workload}'s share of {@code machine}; null without one. */
  @Nullable Double latest(Workload workload, Series machine) {
    table.ring().copyLatest(1, batch);
    Series wanted = workload.energySeries(machine);
    for (int c = 0; c < table.width(); c++) {
      if (wanted.equals(table.seriesAt(c, batch.firstSequence()))) {
        return batch.value(0, c);
      }
    }
    return null;
  }

  /** The newest row's timestamp. */
  long latestTimestamp() {
    table.ring().copyLatest(1, batch);
    return batch.timestampMillis(0);
  }

  /** The columns lent to {@code workload} now. */
  List<Integer> columnsOf(Workload workload) {
    List<Integer> columns = new ArrayList<>();
    for (int c = 0; c < table.width(); c++) {
      WorkloadTable.Owner owner = table.owner(c);
      if (owner != null && workload.name().equals(owner.series().labels().get("workload"))) {
        columns.add(c);
      }
    }
    return columns;
  }

  /** A service workload. */
  static Workload service(String name) {
    return new Workload(WorkloadKind.SERVICE, name, "system.slice/" + name, null, null);
  }

  /** The CPU time of an interval: workloads, their nanoseconds and the root's own. */
  static final class Use {
    private final List<Workload> workloads = new ArrayList<>();
    private long[] nanos = new long[0];
    private long other;
    private final List<Workload> gone = new ArrayList<>();

    Use with(Workload workload, long cpuNanos) {
      workloads.add(workload);
      nanos = Arrays.copyOf(nanos, workloads.size());
      nanos[workloads.size() - 1] = cpuNanos;
      return this;
    }

    Use other(long cpuNanos) {
      other = cpuNanos;
      return this;
    }

    Use gone(Workload workload) {
      gone.add(workload);
      return this;
    }

    CpuDeltas deltas(long elapsedNanos) {
      return new CpuDeltas(elapsedNanos, List.copyOf(workloads), nanos.clone(), other, gone);
    }
  }
}

package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The split of one attribution interval, without the cgroup reads: {@code workloads} workloads (all
 * with series of their own) over 8 machine series (2 packages × package, core, uncore, dram), one
 * row appended to the workload table. The cost per interval divided by the interval is the share of
 * one core it takes: at 1 s, 100 µs is 0.01 %.
 */
@NullMarked
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AttributorBenchmark {

  private static final long SECOND = 1_000_000_000L;

  @Param({"500"})
  public int workloads;

  @SuppressWarnings("NullAway.Init")
  private Attributor attributor;

  @SuppressWarnings("NullAway.Init")
  private SampleRing rows;

  private double[] row = new double[0];
  private long timestamp;

  @Setup
  public void setUp() {
    List<Series> columns = new ArrayList<>();
    for (String device : List.of("0", "1")) {
      for (String domain : List.of("package", "core", "uncore", "dram")) {
        columns.add(Series.energy("rapl", domain, device));
      }
    }
    rows = new SampleRing(1024, columns.size());
    row = new double[columns.size()];
    List<Workload> all = new ArrayList<>();
    long[] nanos = new long[workloads];
    for (int i = 0; i < workloads; i++) {
      all.add(new Workload(WorkloadKind.SERVICE, "s" + i, "system.slice/s" + i, null, null));
      nanos[i] = SECOND / workloads;
    }
    CpuDeltas deltas = new CpuDeltas(SECOND, all, nanos, 0, List.of());
    AttributionSettings settings =
        new AttributionSettings(
            Path.of("/sys/fs/cgroup"), Duration.ofSeconds(1), 10, AttributionLevel.POD, 500);
    WorkloadTableSize size = WorkloadTableSize.of(columns, settings, 1000);
    attributor =
        new Attributor(
            Feed.of(rows, columns),
            () -> deltas,
            16,
            "benchmark",
            settings,
            size.create(),
            Clock.SYSTEM);
    interval(); // the baseline
  }

  /** One interval: a sampler row, then its split. */
  @Benchmark
  public boolean interval() {
    for (int i = 0; i < row.length; i++) {
      row[i] += 10;
    }
    rows.append(++timestamp, row);
    return attributor.attributeNow();
  }
}

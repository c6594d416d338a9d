package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.api.Series;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A scrape of the energy per workload: 500 workloads plus idle and other, each with 2 series
 * (package and dram), so 1004 lent columns, and 100 rows of them (100 attribution intervals):
 * 100,400 timestamped samples per operation, written as {@code /metrics} does, the rows read from
 * the ring a column at a time. The machine's own rows are left out (see {@link
 * ExpositionWriterBenchmark}).
 */
@NullMarked
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class WorkloadScrapeBenchmark {

  static final int WORKLOADS = 500;
  static final int COLUMNS = 2 * (WORKLOADS + 2);
  static final int ROWS = 100;
  static final int SAMPLES_PER_OP = COLUMNS * ROWS;

  private static final long START_MILLIS = 1_764_000_000_000L;
  private static final List<Series> MACHINE =
      List.of(Series.energy("rapl", "package", "0"), Series.energy("rapl", "dram", "0"));

  /** {@link ExpositionFormat} by name: OPENMETRICS (what Prometheus asks for) or TEXT. */
  @Param({"OPENMETRICS", "TEXT"})
  public String format = "OPENMETRICS";

  private final WorkloadTable table = filledTable();
  private final ExpositionWriter writer =
      new ExpositionWriter(
          Feed.of(new SampleRing(1, MACHINE.size()), MACHINE).withWorkloads(table));
  private final ScrapeRange range = new ScrapeRange(0, 0, 0, 0, 0, table.ring().published() + 1);
  private final Chunks chunks = new Chunks();
  private final AsciiBuffer out = new AsciiBuffer(4096);
  private ExpositionFormat chosen = ExpositionFormat.OPENMETRICS;

  @Setup(Level.Trial)
  public void chooseFormat() {
    chosen = ExpositionFormat.valueOf(format);
    long written = writer.write(chosen, range, List.of(), chunks, out).samples();
    if (written != SAMPLES_PER_OP) {
      throw new IllegalStateException("wrote " + written + " samples, not " + SAMPLES_PER_OP);
    }
  }

  /** One scrape body: every sample of the 100 rows of 1004 workload series. */
  @Benchmark
  public int write() {
    out.clear();
    writer.write(chosen, range, List.of(), chunks, out);
    return out.size();
  }

  /** Systemd services, containers and pods in turn, each with package and dram series. */
  private static WorkloadTable filledTable() {
    WorkloadTable table = new WorkloadTable(ROWS, COLUMNS);
    for (int w = 0; w < WORKLOADS + 2; w++) {
      for (Series machine : MACHINE) {
        table.lend(workload(w, machine));
      }
    }
    double[] row = new double[COLUMNS];
    for (int i = 0; i < ROWS; i++) {
      for (int c = 0; c < COLUMNS; c++) {
        row[c] = (c % 97 + 1) * 0.0123456 * (i + 1);
      }
      table.append(START_MILLIS + i * 1000L, row);
    }
    return table;
  }

  private static Series workload(int w, Series machine) {
    Map<String, String> labels = new TreeMap<>(machine.labels());
    String id = "%012x".formatted(0xabc000000000L + w);
    switch (w % 3) {
      case 0 -> {
        labels.put("kind", "service");
        labels.put("workload", "unit-" + w + ".service");
        labels.put("cgroup", "system.slice/unit-" + w + ".service");
      }
      case 1 -> {
        labels.put("kind", "container");
        labels.put("workload", id);
        labels.put("container_id", id + id + id + id + id.substring(0, 4));
        labels.put("cgroup", "system.slice/docker-" + id + ".scope");
      }
      default -> {
        String uid = "4f0c1d2e-aaaa-bbbb-cccc-" + id;
        labels.put("kind", "pod");
        labels.put("workload", uid);
        labels.put("pod_uid", uid);
        labels.put("cgroup", "kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice");
      }
    }
    return Series.of("jouleflow_workload_energy_joules_total", labels);
  }
}

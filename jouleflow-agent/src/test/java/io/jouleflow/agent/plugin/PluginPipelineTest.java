package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Collector;
import io.jouleflow.api.Processor;
import io.jouleflow.api.Record;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginPipelineTest {

  private final RecordRing ring = new RecordRing(1024);
  private final SeriesRegistry registry = new SeriesRegistry(100);
  private final PipelineStats stats = new PipelineStats();
  private final List<PluginPipeline> pipelines = new ArrayList<>();

  @AfterEach
  void closePipelines() {
    pipelines.forEach(pipeline -> pipeline.close(Duration.ofSeconds(2)));
  }

  @Test
  void recordsGoThroughTheProcessorIntoTheRing() {
    ScriptedCollector collector = new ScriptedCollector(List.of(at(0, 1), at(1, 2), at(2, 3)));
    start(plugin("p", collector, PluginPipelineTest::addHost), 10);

    await().until(() -> stats.stored("p") == 3);

    RecordBatch stored = Records.read(ring);
    assertThat(registry.series(stored.seriesId(0)))
        .isEqualTo(Series.of("test_metric", Map.of("device", "0", "host", "h1")));
    assertThat(Records.values(ring)).containsExactly(1.0, 2.0, 3.0);
    assertThat(stored.timestampMillis(2)).isEqualTo(Records.T0 + 2);
    assertThat(stats.collected("p")).isEqualTo(3);
    assertThat(stats.processed("p")).isEqualTo(3);
  }

  @Test
  void eachStageRunsOnItsOwnNamedThread() {
    start(plugin("named", new ScriptedCollector(List.of()), Processor.IDENTITY), 10);

    await()
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName)
                    .toList()
                    .containsAll(
                        List.of(
                            "jouleflow-collect-named",
                            "jouleflow-process-named",
                            "jouleflow-feeder")));
  }

  @Test
  void aProcessorThatThrowsLosesThatRecordOnly() {
    ScriptedCollector collector =
        new ScriptedCollector(IntStream.range(0, 5).mapToObj(i -> at(i, i)).toList());
    Processor failsOnTwo =
        (record, out) -> {
          if (record.value() == 2) {
            throw new IllegalStateException("cannot process 2");
          }
          out.emit(record);
        };
    start(plugin("p", collector, failsOnTwo), 10);

    await().until(() -> stats.stored("p") == 4);

    assertThat(Records.values(ring)).containsExactly(0.0, 1.0, 3.0, 4.0);
    await().until(() -> stats.dropped("p", DropReason.PROCESSOR_ERROR) == 1);
  }

  @Test
  void invalidRecordsAreCountedByReasonAndTheRestStored() {
    List<Record> records =
        List.of(
            at(0, 0),
            Records.of("bad metric", Map.of(), 1, Records.T0),
            Records.of("m", Map.of("__reserved", "x"), 1, Records.T0),
            Records.of("m", Map.of(), 1, 42),
            at(0, 5),
            at(1, Double.longBitsToDouble(0x7ff0000000000002L)));
    start(plugin("p", new ScriptedCollector(records), Processor.IDENTITY), 10);

    await().until(() -> stats.stored("p") == 2);

    await().until(() -> stats.dropped("p").values().stream().mapToLong(Long::longValue).sum() == 4);
    assertThat(stats.dropped("p"))
        .containsEntry("invalid_metric", 1L)
        .containsEntry("invalid_label", 1L)
        .containsEntry("invalid_timestamp", 1L)
        .containsEntry("out_of_order", 1L);
    double nan = Records.read(ring).value(1);
    assertThat(Double.doubleToRawLongBits(nan)).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
  }

  @Test
  void aFullRawQueueDropsTheOldestRecordsAndCountsThem() {
    CountDownLatch processing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Collector collector =
        sink -> {
          sink.emit(at(0, 0));
          processing.await();
          for (int i = 1; i <= 10; i++) {
            sink.emit(at(i, i));
          }
          release.countDown();
          new CountDownLatch(1).await();
        };
    Processor waitsOnTheFirst =
        (record, out) -> {
          processing.countDown();
          release.await();
          out.emit(record);
        };
    start(plugin("slow", collector, waitsOnTheFirst), 4);

    await().until(() -> stats.stored("slow") == 5);

    assertThat(Records.values(ring)).containsExactly(0.0, 7.0, 8.0, 9.0, 10.0);
    assertThat(stats.dropped("slow", DropReason.RAW_QUEUE_FULL)).isEqualTo(6);
    assertThat(stats.collected("slow")).isEqualTo(11);
  }

  @Test
  void closingStoresWhatIsQueuedAndClosesTheCollector() {
    CountDownLatch closed = new CountDownLatch(1);
    Collector collector =
        new Collector() {
          @Override
          public void run(io.jouleflow.api.RecordSink sink) throws InterruptedException {
            for (int i = 0; i < 50; i++) {
              sink.emit(at(i, i));
            }
            new CountDownLatch(1).await();
          }

          @Override
          public void close() {
            closed.countDown();
          }
        };
    Processor waitsForClose =
        (record, out) -> {
          closed.await();
          out.emit(record);
        };
    PluginPipeline pipeline = start(plugin("p", collector, waitsForClose), 100);
    await().until(() -> stats.collected("p") == 50);

    pipeline.close(Duration.ofSeconds(20));

    assertThat(closed.getCount()).isZero();
    assertThat(stats.stored("p")).isEqualTo(50);
    assertThat(Records.values(ring)).hasSize(50);
  }

  @Test
  void statsBecomeMetricFamilies() {
    start(plugin("p", new ScriptedCollector(List.of(at(0, 1))), Processor.IDENTITY), 10);
    await().until(() -> stats.stored("p") == 1);
    stats.rejected("p", "duplicate_label");

    List<SelfMetric> families = pipelines.getFirst().metrics();

    assertThat(family(families, "jouleflow_plugin_records").points())
        .contains(
            new SelfMetric.Point(List.of("plugin", "p", "stage", "collected"), 1),
            new SelfMetric.Point(List.of("plugin", "p", "stage", "stored"), 1));
    assertThat(family(families, "jouleflow_plugin_records_dropped").points())
        .contains(
            new SelfMetric.Point(List.of("plugin", "p", "reason", "duplicate_label"), 1),
            new SelfMetric.Point(List.of("plugin", "p", "reason", "raw_queue_full"), 0))
        .hasSize(DropReason.values().length + 1);
    assertThat(family(families, "jouleflow_plugin_restarts").points())
        .containsExactly(new SelfMetric.Point(List.of("plugin", "p"), 0));
    assertThat(family(families, "jouleflow_plugin_series").points())
        .containsExactly(new SelfMetric.Point(List.of(), 1));
    assertThat(family(families, "jouleflow_plugin_records").type()).isEqualTo("counter");
    assertThat(families)
        .extracting(SelfMetric::name)
        .contains("jouleflow_plugin_raw_queue_records", "jouleflow_plugin_processed_queue_records");
  }

  @Test
  void otherStagesCountTheirRejectionsByReason() {
    stats.rejected("exec", "duplicate_label");
    stats.rejected("exec", "duplicate_label");
    stats.rejected("exec", "invalid_label");

    assertThat(stats.dropped("exec"))
        .containsEntry("duplicate_label", 2L)
        .containsEntry("invalid_label", 1L);
    assertThat(stats.dropped("exec", DropReason.INVALID_LABEL)).isOne();
    assertThatThrownBy(() -> stats.rejected("exec", "Bad Reason"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoPluginsOfOneNameAreRefused() {
    List<CollectorPlugin> twins =
        List.of(
            plugin("twin", new ScriptedCollector(List.of()), Processor.IDENTITY),
            plugin("twin", new ScriptedCollector(List.of()), Processor.IDENTITY));

    assertThatThrownBy(() -> pipeline(twins, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twin");
  }

  private PluginPipeline start(CollectorPlugin plugin, int rawQueueSize) {
    PluginPipeline pipeline = pipeline(List.of(plugin), rawQueueSize);
    pipelines.add(pipeline);
    pipeline.start();
    return pipeline;
  }

  private PluginPipeline pipeline(List<CollectorPlugin> plugins, int rawQueueSize) {
    return new PluginPipeline(
        plugins,
        Records.settings(rawQueueSize, 100, 100),
        ring,
        registry,
        Set.of(),
        stats,
        new FakeClock(),
        CollectorStage.BACKOFF);
  }

  private static SelfMetric family(List<SelfMetric> families, String name) {
    return families.stream().filter(family -> family.name().equals(name)).findFirst().orElseThrow();
  }

  private static CollectorPlugin plugin(String name, Collector collector, Processor processor) {
    return new CollectorPlugin(name, "test plugin", collector, processor);
  }

  private static Record at(long offsetMillis, double value) {
    return Records.at(offsetMillis, value);
  }

  private static void addHost(Record record, io.jouleflow.api.RecordSink out) {
    Map<String, String> labels = new HashMap<>(record.labels());
    labels.put("host", "h1");
    out.emit(new Record(record.metric(), labels, record.value(), record.timestampMillis()));
  }
}

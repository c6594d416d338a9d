package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.COLUMNS;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.T0;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.assertAscending;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.fastBackoff;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipper's self-metrics: pushed beside the data when given, best effort, never queued. */
class ShipperSelfMetricsTest {

  private static final String TICKS_KEY = "__name__=jouleflow_sampler_ticks_total";

  private final SampleRing rows = new SampleRing(1024, COLUMNS.size());
  private final List<RemoteWriteShipper> shippers = new ArrayList<>();
  private ReceiverStub receiver;
  private TestPush push;
  private int rowCount;
  private long taken;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = ReceiverStub.start();
    push = new TestPush(receiver.url());
    push.shutdownTimeout = Duration.ofMillis(500);
  }

  @AfterEach
  void stop() {
    shippers.forEach(RemoteWriteShipper::close);
    receiver.close();
  }

  @Test
  void pushesTheSelfMetricsItIsGivenWithItsOwnStampedWithEachPush() throws Exception {
    AtomicLong ticks = new AtomicLong();
    SelfMetricSource agent =
        () ->
            List.of(
                SelfMetric.buildInfo("test-version"),
                SelfMetric.counter(
                    "jouleflow_sampler_ticks",
                    "Ticks.",
                    List.of(SelfMetric.Point.of(ticks.incrementAndGet()))));
    RemoteWriteShipper shipper = start(agent);
    append(2);

    await()
        .until(
            () ->
                Requests.bySeries(receiver.accepted()).getOrDefault(TICKS_KEY, List.of()).size()
                    >= 3);

    Map<String, List<Sample>> bySeries = Requests.bySeries(receiver.accepted());
    assertAscending(bySeries);
    assertThat(bySeries.get(TICKS_KEY)).extracting(Sample::getValue).startsWith(1.0, 2.0, 3.0);
    assertThat(bySeries.get("__name__=jouleflow_build_info,version=test-version"))
        .allSatisfy(sample -> assertThat(sample.getValue()).isEqualTo(1.0));
    assertThat(bySeries).containsKey("__name__=jouleflow_remote_write_samples_sent_total");
    assertThat(bySeries.keySet().stream().filter(key -> key.contains("energy")))
        .as("every sampled series is sent too")
        .hasSize(COLUMNS.size());
    assertThat(shipper.stats().samplesSent())
        .as("self-metrics are not counted with the data")
        .isEqualTo(taken);
  }

  @Test
  void selfMetricsNeverWaitInTheRetryQueue() throws Exception {
    push.maxRetryBatches = 2;
    receiver.otherwise(ReceiverStub.Answer.status(503));
    RemoteWriteShipper shipper = start(() -> List.of(SelfMetric.buildInfo("test-version")));
    append(1);
    await().until(() -> receiver.received().size() >= 3);
    append(1);
    await().until(() -> shipper.stats().batchesPending() == 2);

    receiver.otherwise(ReceiverStub.Answer.status(204));
    await().until(() -> shipper.stats().samplesSent() == taken);

    await()
        .until(
            () ->
                Requests.bySeries(receiver.accepted())
                    .containsKey("__name__=jouleflow_build_info,version=test-version"));
    assertThat(shipper.stats().samplesDropped()).isZero();
  }

  @Test
  void pushesNoSelfMetricsWhenGivenNone() throws Exception {
    RemoteWriteShipper shipper = start(SelfMetricSource.NONE);
    append(2);
    await().until(() -> shipper.stats().samplesSent() == taken);

    assertThat(Requests.bySeries(receiver.accepted()).keySet())
        .allSatisfy(key -> assertThat(key).startsWith("__name__=jouleflow_energy_joules_total,"));
  }

  @Test
  void listsItsFiguresAsSelfMetrics() throws Exception {
    append(2);
    RemoteWriteShipper shipper = start(SelfMetricSource.NONE);
    await().until(() -> shipper.stats().samplesSent() == 6);

    List<SelfMetric> metrics = shipper.stats().metrics();
    assertThat(metrics)
        .extracting(SelfMetric::name)
        .containsExactly(
            "jouleflow_remote_write_samples_sent",
            "jouleflow_remote_write_samples_failed",
            "jouleflow_remote_write_samples_dropped",
            "jouleflow_remote_write_batches_pending",
            "jouleflow_remote_write_last_success_timestamp_seconds",
            "jouleflow_remote_write_requests",
            "jouleflow_spool_bytes",
            "jouleflow_spool_requests",
            "jouleflow_spool_corrupt_records",
            "jouleflow_spool_dropped_requests",
            "jouleflow_spool_degraded",
            "jouleflow_spool_written_bytes");
    assertThat(metrics.getFirst().points()).containsExactly(SelfMetric.Point.of(6));
    assertThat(metrics.get(2).points())
        .extracting(p -> p.labels().get(1))
        .containsExactly(
            "overrun",
            "retry_queue_full",
            "rejected_4xx",
            "duplicate",
            "shutdown",
            "spool_full",
            "spool_corrupt");
    assertThat(metrics.get(5).points())
        .contains(new SelfMetric.Point(List.of("status_class", "2xx"), 1));
  }

  private RemoteWriteShipper start(SelfMetricSource selfMetrics) throws IOException {
    RemoteWriteShipper shipper =
        RemoteWriteShipper.start(
            push.build(), feed(rows), "test-version", selfMetrics, fastBackoff(), Clock.SYSTEM);
    shippers.add(shipper);
    return shipper;
  }

  /** Rows 100 ms apart, every value read. */
  private void append(int count) {
    for (int i = 0; i < count; i++) {
      int row = rowCount++;
      rows.append(T0 + row * 100L, new double[] {row, row + 0.5, row + 0.25});
      taken += COLUMNS.size();
    }
  }
}

package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Answer;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Received;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.export.remotewrite.ShipperStats.StatusClass;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Backoff;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipper against an in-test receiver that answers as each test scripts. */
class RemoteWriteShipperTest {

  static final long T0 = 1_764_000_000_000L;
  static final List<Series> COLUMNS =
      List.of(
          Series.energy("rapl", "package", "0"),
          Series.energy("rapl", "core", "0"),
          Series.energy("rapl", "dram", "0"));

  private static final String CORE_KEY =
      "__name__=jouleflow_energy_joules_total,device=0,domain=core,source=rapl";

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
  void sendsEverySampleOnceInAscendingOrderInRequestsOfAtMostMaxSamples() throws Exception {
    push.maxSamplesPerSend = 7;
    RemoteWriteShipper shipper = start();
    for (int i = 0; i < 5; i++) {
      appendRows(6);
      await().until(() -> shipper.stats().samplesSent() == taken);
    }

    assertThat(receiver.received()).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
    assertThat(receiver.accepted())
        .allSatisfy(r -> assertThat(Requests.samples(r)).isLessThanOrEqualTo(7));
    Map<String, List<Sample>> bySeries = Requests.bySeries(receiver.accepted());
    assertAscending(bySeries);
    assertThat(bySeries.values().stream().mapToLong(List::size).sum()).isEqualTo(taken);
    assertThat(bySeries.values())
        .allSatisfy(s -> assertThat(s).noneMatch(sample -> Double.isNaN(sample.getValue())));
    assertThat(bySeries.get(CORE_KEY))
        .as("the core series has no sample where its reading failed (every third row)")
        .hasSize(rowCount - (rowCount + 2) / 3);
    assertThat(shipper.stats().requests(StatusClass.STATUS_2XX))
        .isEqualTo(receiver.received().size());
    assertThat(shipper.stats().lastSuccessEpochMillis()).isPositive();
  }

  @Test
  void sortsLabelsWithTheMetricNameFirst() throws Exception {
    appendRows(1);
    start();

    await().until(() -> receiver.accepted().size() == 1);
    assertThat(shippers.getFirst().description())
        .isEqualTo("remote write to " + receiver.url() + " every 0.05 s");
    assertThat(receiver.accepted().getFirst().getTimeseriesList())
        .extracting(Requests::key)
        .containsExactly(
            "__name__=jouleflow_energy_joules_total,device=0,domain=package,source=rapl",
            "__name__=jouleflow_energy_joules_total,device=0,domain=core,source=rapl",
            "__name__=jouleflow_energy_joules_total,device=0,domain=dram,source=rapl");
  }

  @Test
  void sendsTheProtocolHeadersWhichConfiguredHeadersCannotOverride() throws Exception {
    push.headers =
        Map.of(
            "X-Scope-OrgID", "team-a",
            "Content-Type", "text/plain",
            "user-agent", "someone-else/1.0",
            "X-Prometheus-Remote-Write-Version", "2.0.0");
    appendRows(1);
    start();

    await().until(() -> receiver.received().size() == 1);
    Received request = receiver.received().getFirst();
    assertThat(request.header("Content-Encoding")).isEqualTo("snappy");
    assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
    assertThat(request.header("User-Agent")).isEqualTo("jouleflow/test-version");
    assertThat(request.header("X-Scope-OrgID")).isEqualTo("team-a");
    assertThat(request.headers().get("Content-Type")).hasSize(1);
    assertThat(request.headers()).doesNotContainKeys("Upgrade", "Http2-settings");
  }

  @Test
  void retriesA500WithTheSameBody() throws Exception {
    receiver.script(Answer.status(500, "internal error"));
    appendRows(4);
    RemoteWriteShipper shipper = start();

    await().until(() -> shipper.stats().samplesSent() == taken);
    List<Received> got = receiver.received();
    assertThat(got).extracting(Received::status).containsExactly(500, 204);
    assertThat(got.get(1).sameBody(got.get(0))).isTrue();
    assertThat(shipper.stats().samplesFailed()).isEqualTo(taken);
    assertThat(shipper.stats().requests(StatusClass.STATUS_5XX)).isEqualTo(1);
  }

  @Test
  void newDataNeverOvertakesFailedRequestsWaitingForRetry() throws Exception {
    receiver.otherwise(Answer.status(503, "overloaded"));
    RemoteWriteShipper shipper = start();
    for (int batches = 1; batches <= 3; batches++) {
      appendRows(1);
      int pending = batches;
      await().until(() -> shipper.stats().batchesPending() == pending);
    }
    List<Received> failed = receiver.received();
    receiver.otherwise(Answer.status(204));
    appendRows(2);

    await().until(() -> shipper.stats().samplesSent() == taken);
    assertThat(shipper.stats().batchesPending()).isZero();
    assertThat(failed)
        .as("every attempt starts with the oldest request, joined with those behind it")
        .allSatisfy(r -> assertThat(oldest(r)).isEqualTo(oldest(failed.getFirst())));
    List<Received> accepted = receiver.received().stream().filter(r -> r.status() == 204).toList();
    assertThat(oldest(accepted.getFirst())).isEqualTo(oldest(failed.getFirst()));
    Map<String, List<Sample>> bySeries = Requests.bySeries(receiver.accepted());
    assertAscending(bySeries);
    assertThat(bySeries.values()).allSatisfy(samples -> assertThat(samples).hasSize(rowCount));
    assertThat(shipper.stats().samplesFailed())
        .isEqualTo(failed.stream().mapToLong(r -> Requests.samples(r.request())).sum());
  }

  @Test
  void waitsAsRetryAfterSaysOn429() throws Exception {
    receiver.script(Answer.status(429, "slow down").withHeader("Retry-After", "1"));
    appendRows(3);
    RemoteWriteShipper shipper = start();

    await().until(() -> shipper.stats().samplesSent() == taken);
    List<Received> got = receiver.received();
    assertThat(got).extracting(Received::status).containsExactly(429, 204);
    assertThat(got.get(1).sameBody(got.get(0))).isTrue();
    assertThat(Duration.ofNanos(got.get(1).nanoTime() - got.get(0).nanoTime()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void dropsARequestRefusedWith400WithoutRetryAndLogsTheAnswer() throws Exception {
    receiver.script(Answer.status(400, "out of order sample"));
    appendRows(3);
    try (LogCapture log = new LogCapture()) {
      RemoteWriteShipper shipper = start();
      await().until(() -> shipper.stats().samplesDropped(DropReason.REJECTED_4XX) == 9);
      appendRows(2);

      await().until(() -> shipper.stats().samplesSent() == 6);
      List<Received> got = receiver.received();
      assertThat(got.getFirst().status()).isEqualTo(400);
      assertThat(got.subList(1, got.size()))
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(204))
          .noneMatch(r -> r.sameBody(got.getFirst()));
      assertThat(Requests.bySeries(receiver.accepted()).values())
          .allSatisfy(
              samples ->
                  assertThat(samples)
                      .extracting(Sample::getTimestamp)
                      .containsExactly(T0 + 300, T0 + 400));
      assertThat(shipper.stats().samplesFailed()).isZero();
      await().until(() -> log.text().contains("answered 400 'out of order sample'"));
      assertThat(log.text()).contains("not retried").doesNotContain("ERROR");
    }
  }

  @Test
  void saysLoudlyThatThe401IsAWrongConfiguration() throws Exception {
    receiver.script(Answer.status(401, "unauthorized"));
    appendRows(1);
    try (LogCapture log = new LogCapture()) {
      RemoteWriteShipper shipper = start();

      await().until(() -> shipper.stats().samplesDropped(DropReason.REJECTED_4XX) == 3);
      await().until(() -> log.text().contains("ERROR"));
      assertThat(log.text())
          .contains("answered 401 'unauthorized'")
          .contains("the configuration is wrong")
          .contains("REMOTE_WRITE_BEARER_TOKEN_FILE");
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  void takesA409AsSamplesTheReceiverHoldsAlready() throws Exception {
    receiver.script(Answer.status(409, "duplicate"));
    appendRows(2);
    RemoteWriteShipper shipper = start();

    await().until(() -> shipper.stats().samplesDropped(DropReason.DUPLICATE) == 6);
    assertThat(shipper.stats().samplesDropped(DropReason.REJECTED_4XX)).isZero();
    assertThat(shipper.stats().samplesFailed()).isZero();
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void takesARetryRefusedForOrderAfterAnUnansweredAttemptAsStoredAlready() throws Exception {
    push.timeout = Duration.ofMillis(300);
    receiver.script(Answer.HANG, Answer.status(400, "out of order sample"));
    appendRows(2);
    RemoteWriteShipper shipper = start();

    await().until(() -> shipper.stats().samplesDropped(DropReason.DUPLICATE) == 6);
    assertThat(shipper.stats().samplesDropped(DropReason.REJECTED_4XX)).isZero();
    List<Received> got = receiver.received();
    assertThat(got).extracting(Received::status).containsExactly(-1, 400);
    assertThat(got.get(1).sameBody(got.get(0))).isTrue();
  }

  @Test
  void retriesARequestWhoseAnswerNeverCame() throws Exception {
    push.timeout = Duration.ofMillis(300);
    receiver.script(Answer.HANG);
    appendRows(3);
    RemoteWriteShipper shipper = start();

    await().until(() -> shipper.stats().samplesSent() == taken);
    List<Received> got = receiver.received();
    assertThat(got).extracting(Received::status).containsExactly(-1, 204);
    assertThat(got.get(1).sameBody(got.get(0))).isTrue();
    assertThat(shipper.stats().requests(StatusClass.ERROR)).isEqualTo(1);
    assertThat(shipper.stats().samplesFailed()).isEqualTo(taken);
  }

  @Test
  void dropsTheOldestFailedRequestWhenTheRetryQueueIsFull() throws Exception {
    push.maxRetryBatches = 2;
    receiver.otherwise(Answer.status(503));
    RemoteWriteShipper shipper = start(fastBackoff());
    appendRows(1);
    await().until(() -> shipper.stats().batchesPending() == 1);
    appendRows(1);
    await().until(() -> shipper.stats().batchesPending() == 2);
    appendRows(1);
    await().until(() -> shipper.stats().samplesDropped(DropReason.RETRY_QUEUE_FULL) == 3);
    receiver.otherwise(Answer.status(204));

    await().until(() -> shipper.stats().samplesSent() == 6);
    assertThat(shipper.stats().batchesPending()).isZero();
    assertThat(Requests.bySeries(receiver.accepted()).values())
        .allSatisfy(
            samples ->
                assertThat(samples)
                    .extracting(Sample::getTimestamp)
                    .containsExactly(T0 + 100, T0 + 200));
  }

  @Test
  void closeSendsWhatIsPendingBeforeItReturns() throws Exception {
    push.interval = Duration.ofHours(1);
    RemoteWriteShipper shipper = start();
    appendRows(5);

    shipper.close();

    assertThat(shipper.stats().samplesSent()).isEqualTo(taken);
    assertThat(Requests.bySeries(receiver.accepted()).values())
        .allSatisfy(samples -> assertThat(samples).hasSize(5));
  }

  @Test
  void closeGivesUpAtTheShutdownTimeoutAndCountsWhatItLeft() throws Exception {
    push.interval = Duration.ofHours(1);
    push.timeout = Duration.ofSeconds(30);
    push.shutdownTimeout = Duration.ofMillis(300);
    receiver.otherwise(Answer.HANG);
    RemoteWriteShipper shipper = start();
    appendRows(5);

    shipper.close();

    assertThat(receiver.received()).isNotEmpty();
    assertThat(shipper.stats().samplesSent()).isZero();
    assertThat(shipper.stats().samplesDropped(DropReason.SHUTDOWN)).isEqualTo(taken);
  }

  @Test
  void countsRowsTheRingOverwroteBeforeTheShipperGotThem() throws Exception {
    SampleRing small = new SampleRing(4, COLUMNS.size());
    push.interval = Duration.ofHours(1);
    RemoteWriteShipper shipper =
        RemoteWriteShipper.start(
            push.build(), feed(small), "test-version", SelfMetricSource.NONE, Clock.SYSTEM);
    shippers.add(shipper);
    for (int row = 0; row < 10; row++) {
      small.append(T0 + row * 100L, new double[] {row, row, row});
    }

    shipper.close();

    assertThat(shipper.stats().samplesSent()).isEqualTo(4 * 3);
    assertThat(shipper.stats().samplesDropped(DropReason.OVERRUN)).isEqualTo(6 * 3);
  }

  /** The earliest timestamp in a request. */
  static long oldest(Received request) {
    return request.request().getTimeseriesList().stream()
        .flatMap(series -> series.getSamplesList().stream())
        .mapToLong(Sample::getTimestamp)
        .min()
        .orElseThrow();
  }

  static Backoff fastBackoff() {
    return new Backoff(Duration.ofMillis(5), Duration.ofMillis(100), new SplittableRandom(7));
  }

  static void assertAscending(Map<String, List<Sample>> bySeries) {
    bySeries.forEach(
        (series, samples) -> {
          for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).getTimestamp())
                .as("%s sample %d", series, i)
                .isGreaterThan(samples.get(i - 1).getTimestamp());
          }
        });
  }

  /**
   * Rows 100 ms apart; in batches of more than five rows, the core series (column 1) misses its
   * reading every third row.
   */
  void appendRows(int count) {
    for (int i = 0; i < count; i++) {
      int row = rowCount++;
      double core = row % 3 == 0 && count > 5 ? Double.NaN : row + 0.5;
      rows.append(T0 + row * 100L, new double[] {row, core, row + 0.25});
      taken += Double.isNaN(core) ? 2 : 3;
    }
  }

  RemoteWriteShipper start() throws IOException {
    return start(fastBackoff());
  }

  RemoteWriteShipper start(Backoff backoff) throws IOException {
    RemoteWriteShipper shipper =
        RemoteWriteShipper.start(
            push.build(), feed(rows), "test-version", SelfMetricSource.NONE, backoff, Clock.SYSTEM);
    shippers.add(shipper);
    return shipper;
  }

  static Feed feed(SampleRing ring) {
    return new Feed(ring, COLUMNS, new RecordRing(1), new SeriesRegistry(1));
  }
}

package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.COLUMNS;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.T0;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.oldest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.config.SpoolSettings;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Answer;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Received;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper with {@code SPOOL_DIR} set, end to end against an in-test receiver: what one shipper
 * could not send, the next one on the same folder sends first, oldest first, then its own data.
 */
class SpoolShipperTest {

  @TempDir Path dir;
  private ReceiverStub receiver;
  private TestPush push;
  private int rowCount;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = ReceiverStub.start();
    push = new TestPush(receiver.url());
    push.shutdownTimeout = Duration.ofMillis(300);
    push.spool = new SpoolSettings(Optional.of(dir), 1 << 20);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aRestartedShipperSendsWhatTheSpoolHeldFirstOldestFirstThenNewData() throws Exception {
    receiver.otherwise(Answer.status(503, "down"));
    SampleRing before = new SampleRing(1024, COLUMNS.size());
    RemoteWriteShipper first = start(before);
    for (int pending = 1; pending <= 5; pending++) {
      append(before, 1);
      int expected = pending;
      await().until(() -> first.stats().spool().requests() == expected);
    }
    first.close();

    assertThat(first.stats().samplesSent()).isZero();
    assertThat(first.stats().samplesDropped(DropReason.SHUTDOWN))
        .as("what the spool holds is kept for the next start, not lost")
        .isZero();
    assertThat(spoolFiles()).isNotEmpty();
    List<Received> failed = receiver.received();
    assertThat(failed)
        .as("every attempt while the receiver fails starts with the oldest request")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(oldest(r)).isEqualTo(T0));

    receiver.otherwise(Answer.status(204));
    SampleRing after = new SampleRing(1024, COLUMNS.size());
    append(after, 3);
    RemoteWriteShipper second = start(after);
    long taken = (long) rowCount * COLUMNS.size();
    await().until(() -> second.stats().samplesSent() == taken);
    second.close();

    List<Received> sent = receiver.received().subList(failed.size(), receiver.received().size());
    assertThat(sent).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
    assertThat(timestamps(sent.getFirst()))
        .as("the 5 spooled requests joined into the first request after the restart")
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, 5)
                .flatMap(row -> LongStream.of(T0 + row * 100, T0 + row * 100, T0 + row * 100))
                .boxed()
                .toList());
    assertThat(sent.subList(1, sent.size()))
        .flatExtracting(SpoolShipperTest::timestamps)
        .allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(T0 + 500));
    Map<String, List<Sample>> bySeries = Requests.bySeries(receiver.accepted());
    assertThat(bySeries).hasSize(COLUMNS.size());
    List<Long> everyRow = LongStream.range(0, rowCount).map(row -> T0 + row * 100).boxed().toList();
    assertThat(bySeries.values())
        .as("every sample once, in order: the spooled ones, then the new ones")
        .allSatisfy(s -> assertThat(s).extracting(Sample::getTimestamp).isEqualTo(everyRow));
    assertThat(second.stats().samplesDropped(DropReason.DUPLICATE)).isZero();
    assertThat(second.stats().spool().requests()).isZero();
    assertThat(second.stats().spool().bytesWritten()).isPositive();
  }

  @Test
  void aShipperClosedWithNothingPendingLeavesNothingToResend() throws Exception {
    SampleRing before = new SampleRing(1024, COLUMNS.size());
    RemoteWriteShipper first = start(before);
    append(before, 3);
    await().until(() -> first.stats().samplesSent() == 9);
    first.close();
    int received = receiver.received().size();

    RemoteWriteShipper second = start(new SampleRing(1024, COLUMNS.size()));
    second.close();

    assertThat(second.stats().spool().requests()).isZero();
    assertThat(receiver.received()).hasSize(received);
    assertThat(Requests.bySeries(receiver.accepted()).values())
        .allSatisfy(s -> assertThat(s).hasSize(3));
  }

  private RemoteWriteShipper start(SampleRing ring) throws IOException {
    return RemoteWriteShipper.start(
        push.build(),
        RemoteWriteShipperTest.feed(ring),
        "test-version",
        SelfMetricSource.NONE,
        RemoteWriteShipperTest.fastBackoff(),
        Clock.SYSTEM);
  }

  /** Rows 100 ms apart, numbered across rings as one agent's restarts would take them. */
  private void append(SampleRing ring, int count) {
    for (int i = 0; i < count; i++) {
      int row = rowCount++;
      ring.append(T0 + row * 100L, new double[] {row, row + 0.5, row + 0.25});
    }
  }

  private static List<Long> timestamps(Received request) {
    return request.request().getTimeseriesList().stream()
        .flatMap(series -> series.getSamplesList().stream())
        .map(Sample::getTimestamp)
        .toList();
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}

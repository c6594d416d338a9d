package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.export.remotewrite.proto.Label;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.export.remotewrite.proto.TimeSeries;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog of small requests (what the spool holds after an outage) goes out joined into requests
 * of up to {@code MAX_SAMPLES_PER_SEND} samples, oldest first, every sample once; against a
 * receiver that, as Prometheus, refuses a whole request when one sample is out of order.
 */
class JoinedDeliveryTest {

  /** Samples per small request: 3 of series a, 2 of series b. */
  private static final int PART = 5;

  private static final int MAX_SAMPLES = 100;

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private final ShipperStats stats = new ShipperStats();
  private final OrderedReceiver receiver = new OrderedReceiver();

  @Test
  void aSpooledBacklogGoesOutInFullRequestsOldestFirstEachSampleOnce() throws Exception {
    int parts = 2000; // 10,000 samples, over a 64 KiB segment
    try (Session session = spool(parts)) {
      session.delivery.drain();

      assertThat(receiver.requests)
          .as("ceil(%d / %d) requests", parts * PART, MAX_SAMPLES)
          .hasSize(parts * PART / MAX_SAMPLES)
          .allSatisfy(r -> assertThat(Requests.samples(r)).isEqualTo(MAX_SAMPLES));
      assertEveryPartStoredOnce(parts);
      assertThat(stats.spool().bytesWritten()).as("several segments").isGreaterThan(3 * 65536L);
      assertThat(stats.samplesSent()).isEqualTo((long) parts * PART);
      assertThat(session.backlog.isEmpty()).isTrue();
    }
  }

  @Test
  void aJoinedRequestThatIsNotAMultipleOfTheLimitEndsWithTheRest() throws Exception {
    try (Session session = spool(45)) {
      session.delivery.drain();

      assertThat(receiver.requests).extracting(Requests::samples).containsExactly(100, 100, 25);
      assertEveryPartStoredOnce(45);
    }
  }

  @Test
  void aJoinedRequestRefusedFor400DropsEveryPartCounted() throws Exception {
    receiver.refuseNext = new Response(400, "invalid label name", Optional.empty());
    try (Session session = spool(30)) {
      session.delivery.drain();

      assertThat(receiver.stored.get("a"))
          .as("only the 10 parts after the 20 refused")
          .containsExactlyElementsOf(LongStream.range(60, 90).boxed().toList());
      assertThat(stats.samplesDropped(DropReason.REJECTED_4XX)).isEqualTo(MAX_SAMPLES);
      assertThat(receiver.requests).extracting(Requests::samples).containsExactly(100, 50);
      assertThat(stats.samplesSent()).isEqualTo(50);
      assertThat(session.backlog.isEmpty()).isTrue();
    }
  }

  @Test
  void afterARestartWhatLandedBeforeGoesAloneAsDuplicatesThenTheRestJoined() throws Exception {
    try (Session before = spool(15)) {
      for (int i = 0; i < 4; i++) {
        receiver.send(Requests.decode(part(i).body()));
      }
    }
    receiver.requests.clear();
    try (Session after = open()) {
      after.delivery.drain();

      assertThat(receiver.requests)
          .as("a joined request refused for order, 4 duplicates and 1 accepted alone, the rest")
          .extracting(Requests::samples)
          .containsExactly(75, 5, 5, 5, 5, 5, 50);
      assertEveryPartStoredOnce(15);
      assertThat(stats.samplesDropped(DropReason.DUPLICATE)).isEqualTo(4 * PART);
      assertThat(stats.samplesSent()).isEqualTo(11 * PART);
      assertThat(after.backlog.isEmpty()).isTrue();
    }
  }

  @Test
  void aJoinedRequestWhoseAnswerWasLostIsNotJoinedWithNewerOnesWhenRefused() throws Exception {
    try (Session session = spool(10)) {
      receiver.loseNextAnswer = true;
      session.delivery.drain();
      for (int i = 10; i < 20; i++) {
        session.backlog.add(part(i));
      }
      clock.advance(Duration.ofSeconds(10));
      session.delivery.drain();

      assertThat(receiver.requests)
          .as("landed unanswered; refused joined; 10 duplicates alone; 1 alone; the rest")
          .extracting(Requests::samples)
          .containsExactly(50, 100, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 45);
      assertEveryPartStoredOnce(20);
      assertThat(stats.samplesDropped(DropReason.DUPLICATE)).isEqualTo(10 * PART);
      assertThat(stats.samplesSent()).isEqualTo(10 * PART);
    }
  }

  @Test
  void theMemoryRetryQueueJoinsToo() throws Exception {
    RetryQueue queue = new RetryQueue(100);
    for (int i = 0; i < 30; i++) {
      queue.add(part(i));
    }
    delivery(queue).drain();

    assertThat(receiver.requests).extracting(Requests::samples).containsExactly(100, 50);
    assertEveryPartStoredOnce(30);
    assertThat(queue.isEmpty()).isTrue();
  }

  private void assertEveryPartStoredOnce(int parts) {
    assertThat(receiver.stored.get("a"))
        .containsExactlyElementsOf(LongStream.range(0, 3L * parts).boxed().toList());
    assertThat(receiver.stored.get("b"))
        .containsExactlyElementsOf(LongStream.range(0, 2L * parts).boxed().toList());
  }

  /** A spool in {@link #dir} holding parts 0 to {@code parts - 1}. */
  private Session spool(int parts) throws IOException {
    Session session = open();
    for (int i = 0; i < parts; i++) {
      session.backlog.add(part(i));
    }
    return session;
  }

  private Session open() throws IOException {
    SpoolBacklog backlog = SpoolBacklog.open(dir, 512 << 10, 10, stats, clock, SpoolDisk.REAL);
    return new Session(backlog, delivery(backlog));
  }

  private Delivery delivery(Backlog backlog) throws IOException {
    Credentials none =
        Credentials.from(
            new TestPush(URI.create("http://127.0.0.1:1/api/v1/write")).build(), clock);
    Delivery.Options options =
        new Delivery.Options(
            "test",
            Duration.ofSeconds(1),
            RemoteWriteShipperTest.fastBackoff(),
            LogLimiter.oncePerMinute(clock),
            none,
            clock,
            () -> Delivery.NO_DEADLINE,
            MAX_SAMPLES);
    return new Delivery(options, receiver, backlog, stats);
  }

  /** Part {@code i}: samples 3i..3i+2 of series a, 2i..2i+1 of series b (timestamp = value). */
  static Batch part(int i) {
    return part("x", 0, i);
  }

  /** As {@link #part(int)}, of metric {@code metric}, timestamps from {@code base}. */
  static Batch part(String metric, long base, int i) {
    WriteRequest request =
        WriteRequest.newBuilder()
            .addTimeseries(series(metric, "a", base + 3L * i, 3))
            .addTimeseries(series(metric, "b", base + 2L * i, 2))
            .build();
    byte[] raw = request.toByteArray();
    return new Batch(new SnappyBlock().compress(raw, raw.length), PART);
  }

  private static TimeSeries series(String metric, String name, long from, int count) {
    TimeSeries.Builder series =
        TimeSeries.newBuilder()
            .addLabels(Label.newBuilder().setName("__name__").setValue(metric))
            .addLabels(Label.newBuilder().setName("s").setValue(name));
    for (long t = from; t < from + count; t++) {
      series.addSamples(Sample.newBuilder().setTimestamp(t).setValue(t));
    }
    return series.build();
  }

  private record Session(SpoolBacklog backlog, Delivery delivery) implements AutoCloseable {
    @Override
    public void close() {
      backlog.abandon();
    }
  }

  /**
   * Stores a request whole or not at all: one sample at or before its series' last one and the
   * request is refused for order, nothing stored (as Prometheus rolls back).
   */
  private static final class OrderedReceiver implements Delivery.Sender {
    final List<WriteRequest> requests = new ArrayList<>();
    final Map<String, List<Long>> stored = new TreeMap<>();
    @Nullable Response refuseNext;
    boolean loseNextAnswer;

    @Override
    public Response send(byte[] body, Duration timeout) throws IOException {
      WriteRequest request = Requests.decode(body);
      requests.add(request);
      if (refuseNext != null) {
        Response refused = refuseNext;
        refuseNext = null;
        return refused;
      }
      Response response = send(request);
      if (loseNextAnswer) {
        loseNextAnswer = false;
        throw new IOException("connection reset");
      }
      return response;
    }

    Response send(WriteRequest request) {
      Map<String, Long> last = new HashMap<>();
      for (TimeSeries series : request.getTimeseriesList()) {
        String name = series.getLabels(1).getValue();
        List<Long> held = stored.getOrDefault(name, List.of());
        long previous = last.getOrDefault(name, held.isEmpty() ? -1 : held.getLast());
        for (Sample sample : series.getSamplesList()) {
          if (sample.getTimestamp() <= previous) {
            return new Response(400, "out of order sample", Optional.empty());
          }
          previous = sample.getTimestamp();
        }
        last.put(name, previous);
      }
      for (TimeSeries series : request.getTimeseriesList()) {
        List<Long> held =
            stored.computeIfAbsent(series.getLabels(1).getValue(), k -> new ArrayList<>());
        series.getSamplesList().forEach(s -> held.add(s.getTimestamp()));
      }
      return new Response(204, "", Optional.empty());
    }
  }
}

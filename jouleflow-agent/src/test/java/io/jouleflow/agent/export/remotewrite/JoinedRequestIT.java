package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.JoinedDeliveryTest.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.fixture.VictoriaMetricsServer;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joined requests against a real Prometheus and VictoriaMetrics: a series in several {@code
 * TimeSeries} entries of one request, ascending, is stored whole; Prometheus refuses (and rolls
 * back) a whole joined request when one part was stored before, which is why such a request is sent
 * again part by part.
 */
class JoinedRequestIT {

  @TempDir static Path dir;
  private static PrometheusServer prometheus;
  private static final long BASE = System.currentTimeMillis() - 120_000;

  @BeforeAll
  static void startPrometheus() throws IOException {
    prometheus =
        PrometheusServer.start(dir.resolve("prom"), "", "--web.enable-remote-write-receiver");
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    prometheus.close();
  }

  @Test
  void prometheusStoresASeriesSpreadOverTheEntriesOfAJoinedRequest() throws Exception {
    Response response = send(prometheus.url() + "/api/v1/write", join("joined", 0, 10));

    assertThat(response.status()).isEqualTo(204);
    assertThat(prometheusCount("joined", "a")).isEqualTo(30);
    assertThat(prometheusCount("joined", "b")).isEqualTo(20);
  }

  @Test
  void prometheusRefusesAWholeJoinedRequestWhenOnePartLandedBefore() throws Exception {
    String url = prometheus.url() + "/api/v1/write";
    assertThat(send(url, part("landed", BASE, 0)).status()).isEqualTo(204);

    Response response = send(url, join("landed", 0, 2));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.refusedForOrder()).as(response.answer()).isTrue();
    assertThat(prometheusCount("landed", "a"))
        .as("the new part, after the landed one, is rolled back with it")
        .isEqualTo(3);
  }

  @Test
  void aSpoolWhoseFirstPartsLandedBeforeARestartIsStoredOnceInPrometheus() throws Exception {
    String url = prometheus.url() + "/api/v1/write";
    ShipperStats stats = new ShipperStats();
    Path spool = dir.resolve("spool");
    SpoolBacklog before = open(spool, stats);
    for (int i = 0; i < 15; i++) {
      before.add(part("restarted", BASE, i));
    }
    before.abandon();
    assertThat(send(url, join("restarted", 0, 4)).status())
        .as("landed, answer lost")
        .isEqualTo(204);

    SpoolBacklog after = open(spool, stats);
    try (RemoteWriteClient client = client(url)) {
      delivery(url, client, after, stats).drain();
    } finally {
      after.abandon();
    }
    assertThat(after.isEmpty()).isTrue();
    assertThat(prometheusCount("restarted", "a")).isEqualTo(45);
    assertThat(prometheusCount("restarted", "b")).isEqualTo(30);
    assertThat(stats.samplesDropped(DropReason.DUPLICATE)).isEqualTo(4 * 5);
    assertThat(stats.samplesSent()).isEqualTo(11 * 5);
    assertThat(stats.samplesDropped(DropReason.REJECTED_4XX)).isZero();
  }

  @Test
  void victoriaMetricsStoresASeriesSpreadOverTheEntriesOfAJoinedRequest() throws Exception {
    try (VictoriaMetricsServer victoria = VictoriaMetricsServer.start(dir.resolve("vm"))) {
      Response response = send(victoria.writeUrl().toString(), join("joined", 0, 10));

      assertThat(response.status()).isEqualTo(204);
      await().atMost(Duration.ofMinutes(1)).until(() -> victoria.storedSamples("joined") == 50);
      assertThat(victoria.storedSamples("joined{s=\"a\"}")).isEqualTo(30);
    }
  }

  private static Batch join(String metric, int from, int to) {
    List<Batch> parts = IntStream.range(from, to).mapToObj(i -> part(metric, BASE, i)).toList();
    return new BatchJoiner().join(parts);
  }

  private static long prometheusCount(String metric, String series) throws Exception {
    double count = prometheus.scalar("count_over_time(" + metric + "{s=\"" + series + "\"}[10m])");
    return Double.isNaN(count) ? 0 : Math.round(count);
  }

  private static SpoolBacklog open(Path spool, ShipperStats stats) throws IOException {
    return SpoolBacklog.open(spool, 1 << 20, 10, stats, Clock.SYSTEM, SpoolDisk.REAL);
  }

  private static Response send(String url, Batch batch) throws Exception {
    try (RemoteWriteClient client = client(url)) {
      return client.send(batch.body(), Duration.ofSeconds(10));
    }
  }

  private static RemoteWriteClient client(String url) throws IOException {
    TestPush push = new TestPush(URI.create(url));
    return RemoteWriteClient.create(
        push.build(), Credentials.from(push.build(), Clock.SYSTEM), "test", Clock.SYSTEM);
  }

  private static Delivery delivery(
      String url, RemoteWriteClient client, Backlog backlog, ShipperStats stats)
      throws IOException {
    TestPush push = new TestPush(URI.create(url));
    Delivery.Options options =
        new Delivery.Options(
            url,
            Duration.ofSeconds(10),
            RemoteWriteShipperTest.fastBackoff(),
            LogLimiter.oncePerMinute(Clock.SYSTEM),
            Credentials.from(push.build(), Clock.SYSTEM),
            Clock.SYSTEM,
            () -> Delivery.NO_DEADLINE,
            2000);
    return new Delivery(options, client::send, backlog, stats);
  }
}

package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer flood: while a real Prometheus scrapes the agent's process, clients ask {@code
 * /metrics} as 10,000 distinct consumer names and from 300 distinct loopback source addresses (each
 * a consumer of its own). The agent lives, its peak RSS stays close to what it was before, and
 * Prometheus stores every sample the agent took.
 */
class ConsumerFloodIT {

  private static final int NAMES = 10_000;
  private static final int ADDRESSES = 300;
  private static final int SERIES = 3;
  private static final long RSS_BOUND_KIB = 16 * 1024;

  @TempDir Path dir;

  @Test
  void theAgentLivesInBoundedMemoryAndPrometheusStoresEverySample() throws Exception {
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(100);
        HttpClient client = HttpClient.newHttpClient();
        AgentProcess agent =
            AgentProcess.start(
                    Map.of(
                        "SYSFS_PATH",
                        tree.root().toString(),
                        // holds the whole run, so the probe below sees every row ever taken
                        "MAX_QUEUE_LEN",
                        "8192"),
                    PrometheusServer.freePort(),
                    dir.resolve("agent.log"))
                .awaitReady(client);
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prom"), PrometheusServer.scrapeJob(agent.port, "prometheus"))) {
      await("Prometheus scraping")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> prometheus.scalar("sum(up)") == 1);
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // a few scrapes in
      long before = agent.peakRssKib();

      Map<String, Long> answers = new ConcurrentHashMap<>();
      try (ExecutorService flood = Executors.newFixedThreadPool(4)) {
        List<Future<Object>> done =
            IntStream.range(0, 4)
                .mapToObj(
                    worker ->
                        flood.submit(
                            () -> {
                              for (int i = worker; i < NAMES; i += 4) {
                                answers.merge(
                                    ask(agent.port, "?consumer=flood-" + i, null), 1L, Long::sum);
                              }
                              for (int i = worker; i < ADDRESSES; i += 4) {
                                answers.merge(ask(agent.port, "", loopback(i)), 1L, Long::sum);
                              }
                              return null;
                            }))
                .toList();
        for (Future<Object> future : done) {
          future.get();
        }
      }
      long after = agent.peakRssKib();
      System.out.printf(
          "consumer flood: peak RSS %d KiB before, %d KiB after (+%d KiB); answers %s%n",
          before, after, after - before, answers);

      assertThat(agent.process.isAlive()).as("agent alive").isTrue();
      // A flood may find every scrape slot busy (503) or its connection closed to make room for
      // others: each is bounded and counted; nearly all must still be answered.
      assertThat(answers.keySet()).as("answers").isSubsetOf("HTTP/1.1 200", "HTTP/1.1 503", "");
      assertThat(answers.getOrDefault("HTTP/1.1 200", 0L))
          .as("requests answered 200: %s", answers)
          .isGreaterThanOrEqualTo((NAMES + ADDRESSES) * 99L / 100);
      String self = agent.get(client, "/metrics?consumer=probe").body();
      assertThat(self)
          .contains("jouleflow_consumers 16\n")
          .contains("jouleflow_consumers_evicted_total ");
      assertThat(after - before)
          .as("peak RSS growth in KiB (before: %d KiB, after: %d KiB)", before, after)
          .isLessThanOrEqualTo(RSS_BOUND_KIB);

      // Every row the agent took up to the newest the probe saw, against what Prometheus stored.
      List<Long> timestamps = rowTimestamps(agent.get(client, "/metrics?consumer=last").body());
      long rows = timestamps.size();
      double newest = timestamps.getLast() / 1000.0;
      assertThat(rows).isLessThan(8192);
      String stored = "sum(count_over_time(jouleflow_energy_joules_total[10m] @ %.3f))";
      await("Prometheus scraped past the newest row")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> prometheus.scalar(stored.formatted(newest)) >= rows * SERIES);
      double fraction = prometheus.scalar(stored.formatted(newest)) / (rows * SERIES);
      assertThat(fraction).isGreaterThanOrEqualTo(0.999);
    }
  }

  /** The timestamps of the package series, in milliseconds (text format). */
  private static List<Long> rowTimestamps(String body) {
    return body.lines()
        .filter(
            line ->
                line.startsWith("jouleflow_energy_joules_total{device=\"0\",domain=\"package\""))
        .map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
        .toList();
  }

  /**
   * Asks {@code /metrics} with {@code query}, from {@code source} when not null, reads the status
   * line and resets the connection, as a careless or hostile client would; the start of the status
   * line, empty when the agent closed the connection.
   */
  private static String ask(int port, String query, @Nullable String source) throws IOException {
    try (Socket socket = new Socket()) {
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      socket.setSoLinger(true, 0);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /metrics" + query + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      try {
        return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      } catch (SocketException e) {
        return ""; // closed by the agent
      }
    }
  }

  /** The {@code i}-th address of the loopback range after 127.0.0.x. */
  private static String loopback(int i) {
    return "127.0." + (1 + i / 250) + "." + (1 + i % 250);
  }
}

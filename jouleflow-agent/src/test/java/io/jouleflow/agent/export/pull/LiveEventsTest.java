package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.web.WebServer;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /api/live} over HTTP: batching, the stream cap, and that streams leave scrapes alone. */
class LiveEventsTest {

  private static final Duration INTERVAL = Duration.ofMillis(10);

  private final SampleRing ring = new SampleRing(4096, 1);
  private final SamplingClock clock = new SamplingClock(ring);
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Socket> sockets = new ArrayList<>();
  private WebServer server = start(Clock.SYSTEM);

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    client.close();
    server.close();
  }

  @Test
  void aStreamSendsHelloThenAtMost20WattsEventsASecondThenEndsForTheBrowserToReconnect()
      throws Exception {
    server.close();
    server = start(clock); // each wait of the stream runs the sampler: a row every 10 ms
    clock.sample(3);

    HttpResponse<String> response = get("/api/live");

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/event-stream; charset=utf-8");
    String body = response.body();
    assertThat(body).startsWith("retry: 1000\n\nevent: hello\ndata: {\"version\":\"test\"");
    assertThat(body)
        .contains(
            "\"series\":[{\"labels\":{\"device\":\"0\",\"domain\":\"package\",\"source\":\"t\"},"
                + "\"inHostTotal\":true}],\"history\":{\"t\":[");
    List<String> watts = events(body, "watts");
    long seconds = LiveEvents.LIFETIME.toSeconds();
    assertThat(watts).hasSize((int) (seconds * 20));
    assertThat(watts)
        .allSatisfy(
            e ->
                assertThat(e)
                    .contains("\"w\":[[4.0],[4.0],[4.0],[4.0],[4.0]]")
                    .endsWith("\"skipped\":0}"));
    assertThat(events(body, "status")).hasSize((int) (1 + seconds / 5));
  }

  @Test
  void beyondTheCapAStreamIsRefusedAndScrapesStillSucceed() throws Exception {
    ring.append(1000, new double[] {0});
    for (int i = 0; i < LiveStreams.MAX_STREAMS; i++) {
      assertThat(openStream()).startsWith("HTTP/1.1 200");
    }

    HttpResponse<String> refused = get("/api/live");
    HttpResponse<String> scrape = get("/metrics?consumer=prom");

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(refused.body()).isEqualTo("at most 8 live streams may be open; try again later\n");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains(
            "jouleflow_energy_joules_total{device=\"0\",domain=\"package\",source=\"t\"} 0 1000")
        .contains("jouleflow_live_streams 8\n")
        .contains("jouleflow_live_streams_refused_total 1\n");
    assertThat(get("/api/status").body()).contains("\"streams\":{\"open\":8,\"max\":8}");

    for (Socket socket : sockets) {
      socket.close();
    }
    await("streams whose browser went away give back their slots")
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/api/status").body().contains("\"streams\":{\"open\":0,"));
    assertThat(get("/api/live", "HEAD").statusCode()).isEqualTo(200);
  }

  @Test
  void thePageItsStatusAndItsFilesStartNoThread() throws Exception {
    Set<String> before = agentThreads();

    assertThat(get("/").body())
        .contains("<canvas id=\"chart\"")
        .contains("<script src=\"static/live.js\">");
    assertThat(get("/api/status").body()).contains("\"uptimeSeconds\":");
    assertThat(get("/static/live.js").body()).contains("new EventSource('api/live')");
    assertThat(get("/static/live.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");

    assertThat(agentThreads()).as("the agent's threads after serving the page").isSubsetOf(before);
  }

  @Test
  void theLivePagesCodeHasNoThreadTimerOrExecutorOfItsOwn() throws IOException {
    Path pull = Path.of("src/main/java/io/jouleflow/agent/export/pull");
    for (String file :
        List.of(
            "LiveEvents",
            "LiveStream",
            "LiveStatus",
            "LiveHistory",
            "LiveStreams",
            "LiveWatts",
            "LiveAssets",
            "LiveRoutes",
            "LandingPage")) {
      assertThat(Files.readString(pull.resolve(file + ".java")))
          .as(file)
          .doesNotContain("new Thread", "Thread.of", "Threads.", "Executor", "Timer", "schedule");
    }
  }

  private String openStream() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);
    socket
        .getOutputStream()
        .write("GET /api/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static List<String> events(String body, String name) {
    return Arrays.stream(body.split("\n\n"))
        .filter(event -> event.startsWith("event: " + name + "\n"))
        .toList();
  }

  /**
   * The agent's own platform threads (all named {@code jouleflow-…}) by name without their number:
   * the JDK's own (the HTTP client's, the carriers of virtual threads, started on first use
   * whichever test runs first) are not the page's doing, and a pool's second worker is no new kind.
   */
  private static Set<String> agentThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("jouleflow"))
        .map(name -> name.replaceAll("\\d+$", ""))
        .collect(Collectors.toSet());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, "GET");
  }

  private HttpResponse<String> get(String path, String method)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private WebServer start(Clock handlerClock) {
    Feed feed = Feed.of(ring, List.of(Series.energy("t", "package", "0")));
    return PullServers.start(feed, INTERVAL, 4, handlerClock);
  }

  /** A clock whose waits run a sampler: a row of 4 W every 10 ms of its time, written at once. */
  private static final class SamplingClock implements Clock {
    private final SampleRing ring;
    private final AtomicLong nanos = new AtomicLong();
    private double joules;

    SamplingClock(SampleRing ring) {
      this.ring = ring;
    }

    synchronized void sample(int rows) {
      for (int i = 0; i < rows; i++) {
        nanos.addAndGet(INTERVAL.toNanos());
        joules += 0.04;
        ring.append(wallMillis(), new double[] {joules});
      }
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public long wallMillis() {
      return 1_000 + nanos.get() / 1_000_000;
    }

    @Override
    public void park(long wait) {
      parkUntil(nanoTime() + wait);
    }

    @Override
    public void parkUntil(long deadline) {
      long rows = (deadline - nanoTime() + INTERVAL.toNanos() - 1) / INTERVAL.toNanos();
      sample((int) Math.max(0, rows));
    }
  }
}

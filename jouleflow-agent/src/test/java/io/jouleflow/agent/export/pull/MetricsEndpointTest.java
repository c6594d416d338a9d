package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.web.WebServer;
import io.jouleflow.api.Series;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} over HTTP: consumer names and limits, content negotiation, streaming. */
class MetricsEndpointTest {

  private static final int MAX_CONSUMERS = 3;

  private final SampleRing ring = new SampleRing(8192, 1);
  private final WebServer server = start();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aBadConsumerNameIsRefusedWithOneLineAndCreatesNoConsumer() throws Exception {
    for (String bad : List.of("", "a%20b", "%zz", "x".repeat(65), "caf%C3%A9", "a/b", "a%0Ab")) {
      String response =
          raw("GET /metrics?consumer=" + bad + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(response).as(bad).startsWith("HTTP/1.1 400");
      if (bad.startsWith("%z")) {
        continue; // a malformed URI: the HTTP server answers 400 before the handler
      }
      assertThat(response)
          .as(bad)
          .endsWith("\r\n\r\nconsumer must be 1 to 64 of the characters A-Z a-z 0-9 _ . : -\n");
    }
    assertThat(get("/metrics?consumer=" + "x".repeat(64), "text/plain", null).body())
        .contains("jouleflow_consumers 1\n")
        .contains("jouleflow_samples_served_total{consumer=\"" + "x".repeat(64) + "\"}");
  }

  @Test
  void aMalformedEscapeIsABadNameNotAnError() {
    assertThat(MetricsHandler.validName("a%z")).isNull();
    assertThat(MetricsHandler.validName("prom%2Da")).isEqualTo("prom-a");
  }

  @Test
  void manyNamesKeepAtMostMaxConsumersInStateAndInTheSelfMetrics() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertThat(get("/metrics?consumer=flood-" + i, null, null).statusCode()).isEqualTo(200);
    }
    String body = get("/metrics?consumer=check", null, null).body();
    assertThat(body)
        .contains("jouleflow_consumers " + MAX_CONSUMERS + "\n")
        .contains("jouleflow_consumers_evicted_total " + (50 + 1 - MAX_CONSUMERS) + "\n");
    assertThat(body.lines().filter(line -> line.startsWith("jouleflow_samples_served_total{")))
        .hasSize(MAX_CONSUMERS);
  }

  @Test
  void aMalformedAcceptHeaderStillGetsAnAnswer() throws Exception {
    append(3);
    String response =
        raw(
            "GET /metrics?consumer=odd HTTP/1.1\r\nHost: x\r\nAccept: text/plain,;\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(response)
        .startsWith("HTTP/1.1 200")
        .contains("text/plain; version=0.0.4")
        .contains("jouleflow_energy_joules_total{device=\"0\",domain=\"package\",source=\"t\"} 2 ");
  }

  @Test
  void gzipIsUsedOnlyWhenAcceptedWithAQualityAboveZero() throws Exception {
    append(5000); // more than a chunk and more than the buffer
    HttpResponse<byte[]> refused = getBytes("/metrics?consumer=a", "gzip;q=0");
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    String plain = new String(refused.body(), StandardCharsets.UTF_8);

    HttpResponse<byte[]> gzipped = getBytes("/metrics?consumer=b", "gzip");
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String unzipped;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(samples(unzipped)).hasSize(5000).isEqualTo(samples(plain));
  }

  private static List<String> samples(String body) {
    return body.lines().filter(line -> line.startsWith("jouleflow_energy_joules_total{")).toList();
  }

  private void append(int rows) {
    for (int i = 0; i < rows; i++) {
      ring.append(1_700_000_000_000L + i, new double[] {i});
    }
  }

  private HttpResponse<String> get(
      String path,
      @org.jspecify.annotations.Nullable String accept,
      @org.jspecify.annotations.Nullable String encoding)
      throws IOException, InterruptedException {
    return client.send(request(path, accept, encoding), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> getBytes(String path, String encoding)
      throws IOException, InterruptedException {
    return client.send(request(path, null, encoding), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest request(
      String path,
      @org.jspecify.annotations.Nullable String accept,
      @org.jspecify.annotations.Nullable String encoding) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      builder.header("Accept", accept);
    }
    if (encoding != null) {
      builder.header("Accept-Encoding", encoding);
    }
    return builder.build();
  }

  @Test
  void consumersKnowConnectionsByTheWebServersNameForThem() {
    // export.pull may not import web: the attribute's name is spelled twice and must agree.
    assertThat(MetricsHandler.CONNECTION_ATTRIBUTE).isEqualTo(WebServer.CONNECTION_ATTRIBUTE);
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private WebServer start() {
    Feed feed = Feed.of(ring, List.of(Series.energy("t", "package", "0")));
    return PullServers.start(feed, Duration.ofMillis(100), MAX_CONSUMERS, Clock.SYSTEM);
  }
}

package io.jouleflow.agent.web;

import static io.jouleflow.agent.web.TestServers.FAST;
import static io.jouleflow.agent.web.TestServers.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What one client may cost the server: oversized requests, half-sent ones, too many of them. */
class WebServerLimitsTest {

  private final WebStats stats = new WebStats();

  @Test
  void anOversizedHeaderIsAnswered431AndAnOversizedUrl414() throws IOException {
    String big = "a".repeat(1 << 20);
    try (WebServer server = TestServers.start(FAST, stats)) {
      assertThat(statusOf(server.port(), "GET /metrics HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n"))
          .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
      assertThat(statusOf(server.port(), "GET /metrics?" + big + " HTTP/1.1\r\n\r\n"))
          .isEqualTo("HTTP/1.1 414 URI Too Long");
      assertThat(statusOf(server.port(), "GET /metrics HTTP/1.1\r\n" + "X-A: b\r\n".repeat(30)))
          .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
      assertThat(statusOf(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"))
          .isEqualTo("HTTP/1.1 200 OK");
      assertThat(stats.rejectedCount(WebStats.Rejected.HEADER_TOO_LARGE)).isEqualTo(2);
      assertThat(stats.rejectedCount(WebStats.Rejected.URI_TOO_LONG)).isEqualTo(1);
    }
  }

  @Test
  void pathsMatchExactly() throws IOException {
    try (WebServer server = TestServers.start(FAST, stats)) {
      assertThat(statusOf(server.port(), "GET /metricsx HTTP/1.1\r\n\r\n"))
          .endsWith(" 404 Not Found");
      assertThat(statusOf(server.port(), "GET /metrics/ HTTP/1.1\r\n\r\n"))
          .endsWith(" 404 Not Found");
      assertThat(statusOf(server.port(), "GET / HTTP/1.1\r\n\r\n")).endsWith(" 404 Not Found");
      assertThat(statusOf(server.port(), "GET /metrics?consumer=a HTTP/1.1\r\n\r\n"))
          .endsWith(" 200 OK");
      assertThat(statusOf(server.port(), "GARBAGE\r\n\r\n")).endsWith(" 400 Bad Request");
    }
  }

  @Test
  void halfSentRequestsAreClosedAndCounted() throws IOException {
    List<Socket> slow = new ArrayList<>();
    try (WebServer server = TestServers.start(FAST, stats)) {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket
            .getOutputStream()
            .write("GET /metrics HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      for (Socket socket : slow) {
        await().until(() -> trickleUntilClosed(socket));
      }
      assertThat(stats.closedCount(WebStats.Closed.REQUEST_TIMEOUT)).isEqualTo(3);
      await().until(() -> stats.open.get() == 0);
      assertThat(statusOf(server.port(), "GET /metrics HTTP/1.1\r\n\r\n")).endsWith(" 200 OK");
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void beyondTheCapAConnectionThatNeverSentARequestIsClosedBeforeAScrapersKeptAliveOne()
      throws IOException {
    List<Socket> idle = new ArrayList<>();
    WebLimits patient = withRequestTimeoutOfAMinute();
    try (WebServer server = TestServers.start(patient, stats);
        Socket scraper = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      scraper.setSoTimeout(10_000);
      assertThat(scrape(scraper)).startsWith("hello ");
      for (int i = 1; i < patient.maxConnections(); i++) {
        idle.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
        int opened = i + 1;
        await().until(() -> stats.open.get() == opened);
      }
      for (int i = 0; i < 2; i++) {
        assertThat(statusOf(server.port(), "GET /metrics HTTP/1.1\r\n\r\n")).endsWith(" 200 OK");
        idle.get(i).setSoTimeout(10_000);
        assertThat(idle.get(i).getInputStream().read()).as("idle connection %d", i).isEqualTo(-1);
        await().until(() -> stats.open.get() == patient.maxConnections() - 1);
        idle.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
        await().until(() -> stats.open.get() == patient.maxConnections());
      }
      assertThat(scrape(scraper)).as("the scraper's connection").startsWith("hello ");
      assertThat(stats.closedCount(WebStats.Closed.EVICTED)).isEqualTo(2);
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  private static String scrape(Socket socket) throws IOException {
    socket
        .getOutputStream()
        .write("GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return TestServers.readResponse(socket.getInputStream());
  }

  @Test
  void aClientThatDoesNotReadItsResponseIsClosedAndCounted() throws IOException {
    WebLimits impatient =
        TestServers.withTimeouts(FAST, FAST.requestTimeout(), Duration.ofMillis(300));
    try (WebServer server = TestServers.start(impatient, stats);
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setReceiveBufferSize(4096);
      socket
          .getOutputStream()
          .write("GET /big HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      await().until(() -> stats.closedCount(WebStats.Closed.RESPONSE_TIMEOUT) == 1);
      await().until(() -> stats.open.get() == 0);
    }
  }

  @Test
  void beyondTheCapWithEveryConnectionBeingAnsweredANewOneIsRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpHandler blocking =
        exchange -> {
          try (exchange) {
            release.await();
            exchange.sendResponseHeaders(204, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    List<Socket> busy = new ArrayList<>();
    try (WebServer server =
        WebServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            FAST,
            WebConfigSource.none(stats),
            Map.of("/block", blocking),
            stats,
            Clock.SYSTEM)) {
      for (int i = 0; i < FAST.maxConnections(); i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket
            .getOutputStream()
            .write("GET /block HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        busy.add(socket);
      }
      await().until(() -> stats.open.get() == FAST.maxConnections());
      assertThat(statusOf(server.port(), "GET /block HTTP/1.1\r\n\r\n")).isEqualTo("closed");
      assertThat(stats.closedCount(WebStats.Closed.REFUSED)).isEqualTo(1);
      release.countDown();
      for (Socket socket : busy) {
        socket.setSoTimeout(10_000);
        assertThat(TestServers.firstLine(socket.getInputStream())).endsWith(" 204 No Content");
      }
    } finally {
      release.countDown();
      for (Socket socket : busy) {
        socket.close();
      }
    }
  }

  @Test
  void aKeptAliveConnectionServesRequestAfterRequest() throws IOException {
    try (WebServer server = TestServers.start(FAST, stats);
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        bodies.add(TestServers.readResponse(in));
      }
      assertThat(bodies).hasSize(3).containsOnly("hello " + socket.getLocalSocketAddress() + "\n");
    }
  }

  @Test
  void streamsAChunkedBodyThatTheJdkClientReads() throws Exception {
    try (WebServer server = TestServers.start(FAST, stats);
        HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/chunked"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body().lines()).hasSize(1000).endsWith("line 999");
    }
  }

  /** Sends one more header byte; true once the server has closed the connection. */
  private static boolean trickleUntilClosed(Socket socket) {
    try {
      socket.getOutputStream().write('x');
      socket.getOutputStream().flush();
      socket.setSoTimeout(50);
      return socket.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static WebLimits withRequestTimeoutOfAMinute() {
    return TestServers.withTimeouts(FAST, Duration.ofMinutes(1), FAST.responseTimeout());
  }
}

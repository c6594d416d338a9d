package io.jouleflow.agent.web;

import static io.jouleflow.agent.web.TestServers.FAST;
import static io.jouleflow.agent.web.TestServers.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request framing a smuggler would play with, methods, and the connection handlers see. */
class WebServerFramingTest {

  private final WebStats stats = new WebStats();

  @Test
  void ambiguousOrInvalidBodyLengthsAreAnswered400AndClosed() throws IOException {
    List<String> heads =
        List.of(
            "Content-Length: 0\r\nContent-Length: 5\r\n",
            "Content-Length: 0, 5\r\n",
            "Content-Length: -1\r\n",
            "Content-Length: +3\r\n",
            "Content-Length: 99999999999999999999999\r\n",
            "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n");
    try (WebServer server = TestServers.start(FAST, stats)) {
      for (String head : heads) {
        String answer = wholeAnswer(server.port(), "GET /metrics HTTP/1.1\r\n" + head + "\r\nabc");
        assertThat(answer).as(head).startsWith("HTTP/1.1 400 ").contains("Connection: close");
      }
    }
  }

  @Test
  void otherMethodsThanGetAndHeadAre405WithAllow() throws IOException {
    try (WebServer server = TestServers.start(FAST, stats)) {
      String answer =
          wholeAnswer(
              server.port(),
              "POST /metrics HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
      assertThat(answer).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD");
      assertThat(statusOf(server.port(), "DELETE /metrics HTTP/1.1\r\n\r\n"))
          .isEqualTo("HTTP/1.1 405 Method Not Allowed");
    }
  }

  @Test
  void aClientWaitingFor100ContinueIsAnsweredAtOnceAndClosedWithoutWaitingForItsBody()
      throws IOException {
    try (WebServer server = TestServers.start(FAST, stats)) {
      String answer =
          wholeAnswer(
              server.port(),
              "POST /metrics HTTP/1.1\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.1 405 ").contains("Connection: close");
      assertThat(stats.closedCount(WebStats.Closed.RESPONSE_TIMEOUT)).isZero();
      assertThat(statusOf(server.port(), "GET /metrics HTTP/1.1\r\nExpect: teapot\r\n\r\n"))
          .isEqualTo("HTTP/1.1 417 Expectation Failed");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAndHeadAndHttp10AsClientsExpect() throws IOException {
    try (WebServer server = TestServers.start(FAST, stats)) {
      String answer =
          wholeAnswer(
              server.port(),
              "GET /metrics HTTP/1.1\r\n\r\nHEAD /metrics HTTP/1.1\r\n\r\n"
                  + "GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                  + "GET /metrics HTTP/1.0\r\n\r\nGET /metrics HTTP/1.1\r\n\r\n");
      assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(5);
      assertThat(answer.split("hello ", -1)).as("HEAD has no body").hasSize(4);
      assertThat(answer).contains("Connection: keep-alive");
      assertThat(answer.substring(answer.lastIndexOf("HTTP/1.1 200")))
          .as("HTTP/1.0 without keep-alive closes, the request after it is not answered")
          .contains("Connection: close");
    }
  }

  @Test
  void handlersSeeAConnectionIdentityThatNoOtherConnectionShares() throws IOException {
    List<String> seen = new ArrayList<>();
    try (WebServer server =
        WebServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            FAST,
            WebConfigSource.none(stats),
            Map.of(
                "/id",
                exchange -> {
                  try (exchange) {
                    byte[] body =
                        String.valueOf(exchange.getAttribute(WebServer.CONNECTION_ATTRIBUTE))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                  }
                }),
            stats,
            Clock.SYSTEM)) {
      for (int connection = 0; connection < 2; connection++) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
          for (int request = 0; request < 2; request++) {
            socket
                .getOutputStream()
                .write("GET /id HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            seen.add(TestServers.readResponse(socket.getInputStream()));
          }
        }
      }
    }
    assertThat(seen.get(0)).isEqualTo(seen.get(1)).isNotEqualTo("null");
    assertThat(seen.get(2)).isEqualTo(seen.get(3)).isNotEqualTo(seen.get(0));
  }

  /** Sends {@code request} and reads until the server closes. */
  private static String wholeAnswer(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}

package io.jouleflow.agent.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Web servers on a free loopback port for tests, and raw HTTP over a socket. */
final class TestServers {

  /** Short deadlines, checked often, and four connections. */
  static final WebLimits FAST =
      new WebLimits(
          256,
          512,
          20,
          1024,
          4,
          Duration.ofMillis(300),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofMillis(20),
          Duration.ofSeconds(5));

  /** Answers "hello" with the remote address, so a test sees which connection served it. */
  static final HttpHandler HELLO =
      exchange -> {
        try (exchange) {
          byte[] body =
              ("hello " + exchange.getRemoteAddress() + "\n").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        }
      };

  private TestServers() {}

  /** {@code limits} with other deadlines. */
  static WebLimits withTimeouts(WebLimits limits, Duration request, Duration response) {
    return new WebLimits(
        limits.maxRequestLineBytes(),
        limits.maxHeaderBytes(),
        limits.maxHeaders(),
        limits.maxBodyBytes(),
        limits.maxConnections(),
        request,
        limits.idleTimeout(),
        response,
        limits.tick(),
        limits.authWait());
  }

  static WebServer start(WebLimits limits, WebConfigSource config, WebStats stats)
      throws IOException {
    return WebServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        limits,
        config,
        Map.of("/metrics", HELLO, "/chunked", TestServers::chunked, "/big", TestServers::big),
        stats,
        Clock.SYSTEM);
  }

  static WebServer start(WebLimits limits, WebStats stats) throws IOException {
    return start(limits, WebConfigSource.none(stats), stats);
  }

  private static void chunked(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < 1000; i++) {
        out.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  /** 256 MiB, more than any socket buffer holds for a client that does not read. */
  private static void big(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] block = new byte[1 << 16];
      exchange.sendResponseHeaders(200, 4096L * block.length);
      for (int i = 0; i < 4096; i++) {
        exchange.getResponseBody().write(block);
      }
    }
  }

  /** Sends {@code request} on a new socket and returns the status line, or how it ended. */
  static String statusOf(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return firstLine(socket.getInputStream());
    }
  }

  /** The first line the server sent, or "closed" when it closed without one. */
  static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.isEmpty() ? "closed" : line.toString().strip();
  }

  /** Reads one response (status, headers, Content-Length body) and returns its body. */
  static String readResponse(InputStream in) throws IOException {
    int length = 0;
    String line = firstLine(in);
    while (!line.isEmpty() && !line.equals("closed")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
      line = readLine(in);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }
}

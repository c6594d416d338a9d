package io.jouleflow.agent.export.remotewrite;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A remote-write receiver for tests on a free loopback port: records every request (headers, body,
 * decoded {@code WriteRequest}) and answers as scripted, then with a fallback answer (204 unless
 * changed). A {@link Answer#HANG hanging} answer never comes until the stub closes.
 */
final class ReceiverStub implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Answer fallback = Answer.status(204);

  private ReceiverStub(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static ReceiverStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    ReceiverStub stub = new ReceiverStub(server, executor);
    server.createContext("/api/v1/write", stub::handle);
    server.setExecutor(executor);
    server.start();
    return stub;
  }

  /** The write endpoint. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
  }

  /** Answers the next requests with {@code answers}, in order. */
  void script(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Answers with {@code answer} once the script is used up. */
  void otherwise(Answer answer) {
    fallback = answer;
  }

  /** Every request so far, in arrival order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests answered 2xx, in arrival order. */
  List<WriteRequest> accepted() {
    return received.stream().filter(r -> r.status / 100 == 2).map(Received::request).toList();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Answer answer = script.poll();
      if (answer == null) {
        answer = fallback;
      }
      received.add(
          new Received(
              System.nanoTime(),
              exchange.getRequestHeaders(),
              ByteString.copyFrom(body),
              Requests.decode(body),
              answer.hang ? -1 : answer.status));
      if (answer.hang) {
        closed.await(60, TimeUnit.SECONDS);
        return;
      }
      answer.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] text = answer.body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status, text.length == 0 ? -1 : text.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(text);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One request as received.
   *
   * @param nanoTime when it arrived
   * @param headers its headers
   * @param body its raw (compressed) body
   * @param request its decoded body
   * @param status the status answered, -1 when it hung
   */
  record Received(
      long nanoTime, Headers headers, ByteString body, WriteRequest request, int status) {

    String header(String name) {
      return String.valueOf(headers.getFirst(name));
    }

    boolean sameBody(Received other) {
      return body.equals(other.body);
    }
  }

  /** A scripted answer. */
  record Answer(int status, Map<String, String> headers, String body, boolean hang) {

    static final Answer HANG = new Answer(0, Map.of(), "", true);

    static Answer status(int status) {
      return new Answer(status, Map.of(), "", false);
    }

    static Answer status(int status, String body) {
      return new Answer(status, Map.of(), body, false);
    }

    Answer withHeader(String name, String value) {
      return new Answer(status, Map.of(name, value), body, hang);
    }
  }
}

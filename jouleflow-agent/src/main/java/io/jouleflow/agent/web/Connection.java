package io.jouleflow.agent.web;

import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.runtime.Clock;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its own virtual thread: reads requests one after another (HTTP/1.1
 * keep-alive), answers each through the handler of its exact path, and keeps a deadline for the
 * phase it is in (request arriving, response being read, idle) that {@link Connections} enforces.
 */
final class Connection implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  private static final long LINGER_BYTES = 4L << 20;
  private static final int INPUT_BUFFER_BYTES = 1024;

  /** What the connection is doing, for its deadline and for eviction. */
  enum Phase {
    READING,
    HANDLING,
    IDLE
  }

  private final Socket socket;
  private final WebServer server;
  private final Clock clock;
  private final String id;
  private volatile Phase phase = Phase.READING;
  private volatile long deadlineNanos;
  private volatile long waitingSinceNanos;
  private volatile boolean served;

  /**
   * @param id what tells this connection from every other the server had or will have, for handlers
   *     (as the exchange attribute {@link WebServer#CONNECTION_ATTRIBUTE})
   */
  Connection(Socket socket, WebServer server, Clock clock, String id) {
    this.socket = socket;
    this.id = id;
    this.server = server;
    this.clock = clock;
    long now = clock.nanoTime();
    this.waitingSinceNanos = now;
    this.deadlineNanos = now + server.limits().requestTimeout().toNanos();
  }

  @Override
  public void run() {
    try (socket) {
      socket.setTcpNoDelay(true);
      if (socket instanceof SSLSocket tls && !handshake(tls)) {
        return;
      }
      // A connection may wait long for a request (an idle one, a flood's, a scraper's between
      // scrapes), so it holds little: the input buffer is made on the first read (the JDK's
      // BufferedInputStream allocates lazily) and takes a request head in one read (Prometheus'
      // is about 300 bytes); the output buffer starts at 512 bytes and grows (to 8 KiB) only
      // when a response needs it. With 8 KiB input buffers, the connections open at a young
      // collection overflowed the survivor spaces under a flood and grew the old generation
      // (bench/README.md, flood-bench).
      InputStream in = new BufferedInputStream(socket.getInputStream(), INPUT_BUFFER_BYTES);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      HeadReader reader = new HeadReader(in, server.limits());
      boolean keepAlive = true;
      while (keepAlive && awaitRequest(in)) {
        keepAlive = serveOne(reader, in, out);
      }
    } catch (IOException e) {
      log.trace("connection from {} ended", socket.getRemoteSocketAddress(), e);
    } catch (RuntimeException e) {
      server.stats().closed(WebStats.Closed.FAILED);
      if (server.warnings().allows(Connection.class)) {
        log.warn("connection from {} failed", socket.getRemoteSocketAddress(), e);
      }
    } finally {
      server.connections().remove(this);
    }
  }

  private boolean handshake(SSLSocket tls) {
    server.tlsContext().configure(tls);
    try {
      tls.startHandshake();
      return true;
    } catch (IOException e) {
      if (e instanceof SSLException) {
        server.stats().handshakeFailed();
      }
      log.debug("TLS handshake with {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
      return false;
    }
  }

  /** Waits, idle, for the first byte of the next request; false when the client closed. */
  private boolean awaitRequest(InputStream in) throws IOException {
    in.mark(1);
    if (in.read() < 0) {
      return false;
    }
    in.reset();
    if (phase == Phase.IDLE) {
      enter(Phase.READING, server.limits().requestTimeout());
    }
    return true;
  }

  private boolean serveOne(HeadReader reader, InputStream in, OutputStream out) throws IOException {
    RequestHead head;
    Bodies.FixedIn body;
    try {
      head = reader.read();
      if (head == null) {
        return false;
      }
      body = body(head, in);
    } catch (HttpProblem problem) {
      reject(problem, in, out);
      return false;
    }
    enter(Phase.HANDLING, server.limits().responseTimeout());
    WebExchange exchange =
        new WebExchange(
            head,
            body,
            out,
            (InetSocketAddress) socket.getRemoteSocketAddress(),
            (InetSocketAddress) socket.getLocalSocketAddress());
    exchange.setAttribute(WebServer.CONNECTION_ATTRIBUTE, id);
    if (!body.finished() && !body.skipsUnread()) {
      exchange.closeAfter(); // the body was not sent: nothing to skip before a next request
    }
    try {
      serve(exchange, head);
    } finally {
      exchange.close();
    }
    waitingSinceNanos = clock.nanoTime();
    served = true;
    enter(Phase.IDLE, server.limits().idleTimeout());
    return !exchange.closesConnection() && body.finished();
  }

  private void serve(WebExchange exchange, RequestHead head) throws IOException {
    if (!server.authorize(exchange)) {
      return;
    }
    HttpHandler handler = server.routes().get(head.path());
    if (handler == null) {
      server.stats().rejected(WebStats.Rejected.NOT_FOUND);
      WebServer.respond(exchange, 404, Map.of(), "not found; see /\n");
      return;
    }
    if (!head.method().equals("GET") && !head.method().equals("HEAD")) {
      server.stats().rejected(WebStats.Rejected.METHOD_NOT_ALLOWED);
      WebServer.respond(exchange, 405, Map.of("Allow", "GET, HEAD"), "use GET or HEAD\n");
      return;
    }
    try {
      handler.handle(exchange);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      server.stats().closed(WebStats.Closed.FAILED);
      exchange.closeAfter();
      if (server.warnings().allows(head.path())) {
        log.warn("handler of {} failed", head.path(), e);
      }
      if (exchange.getResponseCode() == -1) {
        WebServer.respond(exchange, 500, Map.of(), "internal error\n");
      }
    }
  }

  private Bodies.FixedIn body(RequestHead head, InputStream in) throws HttpProblem {
    long bytes = Framing.bodyLength(head.headers(), server.limits().maxBodyBytes());
    boolean skipUnread = !Framing.expectsContinue(head.headers());
    return new Bodies.FixedIn(in, bytes, skipUnread);
  }

  /** Answers a request the server refuses, then reads what the client still sends and closes. */
  private void reject(HttpProblem problem, InputStream in, OutputStream out) throws IOException {
    server.stats().rejected(problem.reason);
    byte[] body = (problem.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + problem.status
            + " "
            + WebExchange.reason(problem.status)
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    socket.shutdownOutput();
    // Read on (within the request deadline) so that closing does not reset the connection
    // before the client has read the answer.
    long skipped = 0;
    while (skipped < LINGER_BYTES && in.skip(8192) > 0) {
      skipped += 8192;
    }
  }

  private void enter(Phase next, Duration limit) {
    deadlineNanos = clock.nanoTime() + limit.toNanos();
    phase = next;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  long waitingSince() {
    return waitingSinceNanos;
  }

  /** Whether a request on this connection was answered. */
  boolean served() {
    return served;
  }

  /** Whether the connection waits for a request (so it may be closed to make room). */
  boolean waiting() {
    return phase != Phase.HANDLING;
  }

  WebStats.Closed timeoutReason() {
    return switch (phase) {
      case READING -> WebStats.Closed.REQUEST_TIMEOUT;
      case HANDLING -> WebStats.Closed.RESPONSE_TIMEOUT;
      case IDLE -> WebStats.Closed.IDLE_TIMEOUT;
    };
  }

  /** Closes the socket, ending whatever blocks on it. */
  void abort() {
    try {
      if (socket instanceof SSLSocket) {
        // Without a linger time, closing a TLS socket waits (forever) for a writer blocked on a
        // client that does not read, to send close_notify after it; with 0 it resets instead.
        socket.setSoLinger(true, 0);
      }
      socket.close();
    } catch (IOException e) {
      log.trace("closing {}", socket, e);
    }
  }
}

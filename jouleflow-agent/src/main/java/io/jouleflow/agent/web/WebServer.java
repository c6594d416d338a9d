package io.jouleflow.agent.web;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP server: serves each handler on its exact path (anything else is 404), over plain
 * HTTP or, with a web config's {@code tls_server_config}, TLS; asks for basic auth when the web
 * config has {@code basic_auth_users}; keeps every client within the {@link WebLimits}. One virtual
 * thread per connection; handlers are the JDK's {@link HttpHandler}s.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  private static final Duration CLOSE = Duration.ofSeconds(1);

  /**
   * The exchange attribute that names the connection a request came on: a string no other
   * connection of this server has had or will have (unlike the client's address and port, which a
   * later connection may reuse).
   */
  public static final String CONNECTION_ATTRIBUTE = "jouleflow.connection";

  private final ServerSocket listener;
  private final WebLimits limits;
  private final WebConfigSource config;
  private final Optional<ServerTls> tls;
  private final Map<String, HttpHandler> routes;
  private final WebStats stats;
  private final Clock clock;
  private final Connections connections;
  private final BasicAuth auth;
  private final ThreadFactory connectionThreads = Threads.virtual("jouleflow-http-");
  private final Thread acceptor;
  private final Thread reaper;
  private final AtomicLong connectionIds = new AtomicLong();
  private final LogLimiter warnings;
  private volatile boolean closed;

  private WebServer(
      ServerSocket listener,
      WebLimits limits,
      WebConfigSource config,
      Optional<ServerTls> tls,
      Map<String, HttpHandler> routes,
      WebStats stats,
      Clock clock) {
    this.listener = listener;
    this.limits = limits;
    this.config = config;
    this.tls = tls;
    this.routes = Map.copyOf(routes);
    this.stats = stats;
    this.clock = clock;
    this.connections = new Connections(limits.maxConnections(), stats, clock);
    this.auth = new BasicAuth(limits.authWait());
    this.warnings = LogLimiter.oncePerMinute(clock);
    this.acceptor =
        Threads.daemon(
            "jouleflow-http-accept",
            new Acceptor(listener::accept, this::serve, () -> closed, stats, clock));
    this.reaper = Threads.daemon("jouleflow-http-deadlines", this::reap);
  }

  /**
   * Starts serving {@code routes} (exact path to handler) on {@code address}.
   *
   * @throws IOException when the address cannot be bound or TLS cannot be set up
   */
  public static WebServer start(
      InetSocketAddress address,
      WebLimits limits,
      WebConfigSource config,
      Map<String, HttpHandler> routes,
      WebStats stats,
      Clock clock)
      throws IOException {
    Optional<ServerTls> tls =
        config.tls() ? Optional.of(new ServerTls(config, stats, clock)) : Optional.empty();
    ServerSocket listener = tls.isPresent() ? tls.get().bind(address, 128) : new ServerSocket();
    if (tls.isEmpty()) {
      listener.bind(address, 128);
    }
    if (tls.isEmpty() && !config.current().users().isEmpty()) {
      log.warn(
          "WEB_CONFIG_FILE has basic_auth_users but no tls_server_config: passwords cross the"
              + " network in clear text");
    }
    WebServer server = new WebServer(listener, limits, config, tls, routes, stats, clock);
    server.acceptor.start();
    server.reaper.start();
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Whether it speaks TLS. */
  public boolean tls() {
    return tls.isPresent();
  }

  /** Stops accepting and closes every connection, within about a second. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("closing the listener", e);
    }
    reaper.interrupt();
    Threads.join(acceptor, CLOSE);
    Threads.join(reaper, CLOSE);
    connections.closeAll();
  }

  private void serve(Socket socket) {
    String id = Long.toString(connectionIds.incrementAndGet());
    Connection connection = new Connection(socket, this, clock, id);
    if (connections.admit(connection)) {
      connectionThreads.newThread(connection).start();
    } else {
      connection.abort();
    }
  }

  private void reap() {
    while (!closed && !Thread.currentThread().isInterrupted()) {
      clock.park(limits.tick().toNanos());
      try {
        connections.reap();
      } catch (RuntimeException e) {
        if (warnings.allows("reap")) {
          log.error("enforcing connection deadlines failed; trying again", e);
        }
      }
    }
  }

  /** Whether the request may proceed; if not, it has been answered 401 or 429. */
  boolean authorize(WebExchange exchange) throws IOException {
    Map<String, String> users = config.current().users();
    if (users.isEmpty()) {
      return true;
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    BasicAuth.Outcome outcome = auth.check(users, authorization);
    if (outcome == BasicAuth.Outcome.ALLOWED) {
      exchange.setPrincipal(
          new HttpPrincipal(BasicAuth.user(authorization).orElseThrow(), "jouleflow"));
      return true;
    }
    if (outcome == BasicAuth.Outcome.BUSY) {
      stats.rejected(WebStats.Rejected.AUTH_BUSY);
      respond(exchange, 429, Map.of("Retry-After", "1"), "too many password checks; retry\n");
    } else {
      stats.rejected(WebStats.Rejected.UNAUTHORIZED);
      respond(
          exchange,
          401,
          Map.of("WWW-Authenticate", "Basic realm=\"jouleflow\", charset=\"UTF-8\""),
          "unauthorized\n");
    }
    return false;
  }

  static void respond(WebExchange exchange, int code, Map<String, String> headers, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(code, body.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(body);
    }
  }

  /** The password checker, for tests. */
  BasicAuth auth() {
    return auth;
  }

  /** Limits warnings about failing connections. */
  LogLimiter warnings() {
    return warnings;
  }

  WebLimits limits() {
    return limits;
  }

  Connections connections() {
    return connections;
  }

  WebStats stats() {
    return stats;
  }

  ServerTls tlsContext() {
    return tls.orElseThrow();
  }

  Map<String, HttpHandler> routes() {
    return routes;
  }
}

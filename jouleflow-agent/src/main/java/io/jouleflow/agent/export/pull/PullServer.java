package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpServer;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.Threads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The pull endpoint: {@code /metrics}, {@code /-/healthy}, {@code /-/ready} and a landing page, on
 * the JDK's HTTP server with one virtual thread per exchange.
 */
public final class PullServer implements AutoCloseable {

  /** How long a consumer may stay unseen before its cursor is forgotten. */
  public static final Duration CONSUMER_TTL = Duration.ofMinutes(10);

  private final HttpServer server;
  private final ExecutorService executor;

  private PullServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving the samples of {@code feed} on {@code address}, with the agent's self-metrics
   * from {@code selfMetrics} and the consumers' own; the landing page shows {@code summary}; {@code
   * clock} times when consumers were last seen; at most {@code maxConsumers} consumers are tracked.
   *
   * @throws IOException when the address cannot be bound
   */
  public static PullServer start(
      InetSocketAddress address,
      Feed feed,
      AgentSummary summary,
      SelfMetricSource selfMetrics,
      int maxConsumers,
      Clock clock)
      throws IOException {
    // Keep idle keep-alive connections long enough for slow scrape intervals: a scraper that
    // comes back on the same connection proves it read the previous response (see Consumer).
    if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
      System.setProperty("sun.net.httpserver.idleInterval", "900");
    }
    HttpServer server = HttpServer.create(address, 64);
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Threads.virtual("jouleflow-http-"));
    Consumers consumers = new Consumers(feed, maxConsumers, CONSUMER_TTL, clock);
    ExpositionWriter writer = new ExpositionWriter(feed);
    server.createContext(
        "/metrics", new MetricsHandler(consumers, writer, new SelfMetrics(selfMetrics, consumers)));
    server.createContext("/-/healthy", new HealthHandler(() -> true, "Healthy"));
    server.createContext(
        "/-/ready", new HealthHandler(() -> feed.rows().published() >= 0, "Ready"));
    server.createContext("/", new LandingPage(feed, summary));
    server.setExecutor(executor);
    server.start();
    return new PullServer(server, executor);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting, lets running exchanges finish for up to one second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}

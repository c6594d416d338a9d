package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The pull endpoint's handlers, by exact path, for the agent's web server: {@code /metrics}, {@code
 * /-/healthy}, {@code /-/ready} and the live page ({@code /}, {@code /api/live}, {@code
 * /api/status}, {@code /static/*}). In push mode {@code /metrics} serves only the self-metrics.
 */
public final class PullServer {

  /** How long a consumer may stay unseen before its cursor is forgotten. */
  public static final Duration CONSUMER_TTL = Duration.ofMinutes(10);

  private PullServer() {}

  /**
   * Handlers serving the samples of {@code feed}, with the agent's self-metrics from {@code
   * selfMetrics} and the consumers' own; the landing page shows {@code summary}; {@code clock}
   * times when consumers were last seen; at most {@code maxConsumers} consumers are tracked.
   */
  public static Map<String, HttpHandler> handlers(
      Feed feed,
      AgentSummary summary,
      SelfMetricSource selfMetrics,
      int maxConsumers,
      Clock clock) {
    Consumers consumers = new Consumers(feed, maxConsumers, CONSUMER_TTL, clock);
    ExpositionWriter writer = new ExpositionWriter(feed);
    return routes(
        feed,
        summary,
        selfMetrics,
        consumers,
        agent -> new MetricsHandler(consumers, writer, new SelfMetrics(agent, consumers)),
        clock);
  }

  /**
   * Handlers for an agent that pushes its samples: {@code /metrics} carries only {@code
   * selfMetrics}, no samples and no consumer state.
   */
  public static Map<String, HttpHandler> selfMetricsOnly(
      Feed feed, AgentSummary summary, SelfMetricSource selfMetrics, Clock clock) {
    return routes(feed, summary, selfMetrics, null, SelfMetricsHandler::new, clock);
  }

  /**
   * {@code /metrics} made by {@code metrics} from the self-metrics (the agent's and the live
   * page's), the health checks, and the live page's routes, built on their first request.
   */
  private static Map<String, HttpHandler> routes(
      Feed feed,
      AgentSummary summary,
      SelfMetricSource selfMetrics,
      @Nullable Consumers consumers,
      Function<SelfMetricSource, HttpHandler> metrics,
      Clock clock) {
    LiveStreams streams = new LiveStreams();
    SelfMetricSource agent = SelfMetricSource.of(selfMetrics, streams::metrics);
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    routes.put("/metrics", metrics.apply(agent));
    routes.putAll(common(feed));
    long start = clock.nanoTime();
    routes.putAll(
        LiveRoutes.of(() -> live(feed, summary, agent, consumers, streams, clock, start)));
    return routes;
  }

  private static Map<String, HttpHandler> common(Feed feed) {
    return Map.of(
        "/-/healthy", new HealthHandler(() -> true, "Healthy"),
        "/-/ready", new HealthHandler(() -> feed.rows().published() >= 0, "Ready"));
  }

  /** The live page, its stream, status and files; made on the first request to one of them. */
  private static Map<String, HttpHandler> live(
      Feed feed,
      AgentSummary summary,
      SelfMetricSource selfMetrics,
      @Nullable Consumers consumers,
      LiveStreams streams,
      Clock clock,
      long startNanos) {
    LiveStatus status =
        new LiveStatus(feed, summary, selfMetrics, consumers, streams, clock, startNanos);
    return Map.of(
        "/",
        new LandingPage(feed, summary, consumers != null),
        "/api/status",
        status,
        "/api/live",
        new LiveEvents(feed.rows(), summary.interval(), status, streams, clock),
        "/static/live.js",
        LiveAssets.of("live.js", "text/javascript; charset=utf-8"),
        "/static/live.css",
        LiveAssets.of("live.css", "text/css; charset=utf-8"));
  }
}

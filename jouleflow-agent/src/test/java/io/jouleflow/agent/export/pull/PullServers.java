package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.web.WebConfigSource;
import io.jouleflow.agent.web.WebLimits;
import io.jouleflow.agent.web.WebServer;
import io.jouleflow.agent.web.WebStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The pull endpoints over {@code feed} on a plain web server at 127.0.0.1, any free port. */
final class PullServers {

  private PullServers() {}

  static WebServer start(Feed feed, Duration interval, int maxConsumers, Clock handlerClock) {
    WebStats stats = new WebStats();
    try {
      return WebServer.start(
          new InetSocketAddress("127.0.0.1", 0),
          WebLimits.DEFAULT,
          WebConfigSource.none(stats),
          PullServer.handlers(
              feed,
              new AgentSummary("test", interval, List.of()),
              SelfMetricSource.NONE,
              maxConsumers,
              handlerClock),
          stats,
          Clock.SYSTEM);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

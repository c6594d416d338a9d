package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/status}: what the live page shows besides the watts. */
class LiveStatusTest {

  private final SampleRing ring = new SampleRing(64, 2);
  private final FakeClock clock = new FakeClock();
  private final Feed feed =
      Feed.of(
          ring, List.of(Series.energy("rapl", "package", "0"), Series.energy("rapl", "core", "0")));
  private final Consumers consumers = new Consumers(feed, 4, Duration.ofMinutes(10), clock);

  @Test
  void saysUptimeSensorsAndWhyScrapersWithTheirLagAndEverySelfMetric() {
    for (int i = 0; i < 10; i++) {
      ring.append(1000 + i * 100, new double[] {i, i});
    }
    Consumer prometheus = consumers.get("prometheus");
    synchronized (prometheus.lock) {
      prometheus.arrived("c1", 0);
      ScrapeRange all = prometheus.unread();
      prometheus.written("c1", true, new ScrapeRange(all.firstRow(), 6, 0, 0, 0, 0), 12, 0);
    }
    LiveStatus status =
        new LiveStatus(
            feed,
            new AgentSummary(
                "1.2",
                Duration.ofMillis(100),
                List.of(new AgentSummary.Source("rapl", "measured; msr passed over: no access"))),
            () ->
                List.of(
                    SelfMetric.counter(
                        "jouleflow_plugin_restarts",
                        "h",
                        List.of(new SelfMetric.Point(List.of("plugin", "dummy"), 2)))),
            consumers,
            new LiveStreams(),
            clock,
            clock.nanoTime());
    clock.advance(Duration.ofSeconds(75));

    assertThat(status.json())
        .isEqualTo(
            "{\"version\":\"1.2\",\"uptimeSeconds\":75,\"intervalMs\":100.0,"
                + "\"samplesOnMetrics\":true,\"sources\":[{\"name\":\"rapl\","
                + "\"description\":\"measured; msr passed over: no access\"}],"
                + "\"consumers\":[{\"name\":\"prometheus\",\"lagSeconds\":0.4,"
                + "\"lastSeenSecondsAgo\":75.0,\"scrapes\":1,\"failedScrapes\":0,"
                + "\"samplesDropped\":0}],\"streams\":{\"open\":0,\"max\":8},"
                + "\"metrics\":[{\"name\":\"jouleflow_plugin_restarts_total\","
                + "\"labels\":{\"plugin\":\"dummy\"},\"value\":2.0}]}");
  }

  @Test
  void theHostTotalIsPackageDramAndGpuNotTheDomainsInsideThem() {
    LiveStatus status =
        new LiveStatus(
            feed,
            new AgentSummary("1.2", Duration.ofMillis(100), List.of()),
            List::of,
            null,
            new LiveStreams(),
            clock,
            clock.nanoTime());

    assertThat(status.hello())
        .contains(
            "\"series\":[{\"labels\":{\"device\":\"0\",\"domain\":\"package\",\"source\":\"rapl\"},"
                + "\"inHostTotal\":true},{\"labels\":{\"device\":\"0\",\"domain\":\"core\","
                + "\"source\":\"rapl\"},\"inHostTotal\":false}]");
  }
}

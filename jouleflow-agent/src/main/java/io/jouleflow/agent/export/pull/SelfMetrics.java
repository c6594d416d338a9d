package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The self-metrics of a scrape, read fresh each time: the agent's (from its one source) and the
 * pull endpoint's own, per consumer: at most {@code MAX_CONSUMERS} consumers, so a bounded number
 * of series.
 */
final class SelfMetrics {

  private final SelfMetricSource agent;
  private final Consumers consumers;

  SelfMetrics(SelfMetricSource agent, Consumers consumers) {
    this.agent = agent;
    this.consumers = consumers;
  }

  List<SelfMetric> collect() {
    List<SelfMetric> all = new ArrayList<>(agent.collect());
    all.addAll(own());
    return all;
  }

  private List<SelfMetric> own() {
    List<Consumer> all = consumers.all();
    return List.of(
        SelfMetric.gauge(
            "jouleflow_consumers",
            "Scrapers seen in the last 10 minutes, at most MAX_CONSUMERS.",
            List.of(SelfMetric.Point.of(all.size()))),
        SelfMetric.counter(
            "jouleflow_consumers_evicted",
            "Consumers forgotten because MAX_CONSUMERS others were seen more recently.",
            List.of(SelfMetric.Point.of(consumers.evicted()))),
        SelfMetric.counter(
            "jouleflow_scrapes",
            "Scrapes served, by consumer and outcome (complete, failed).",
            scrapes(all)),
        SelfMetric.counter(
            "jouleflow_samples_served",
            "Timestamped samples written to a consumer (a cut-off scrape's are served again).",
            served(all)),
        SelfMetric.counter(
            "jouleflow_samples_dropped",
            "Samples a consumer lost because the buffer overwrote them before it scraped, by"
                + " consumer and reason.",
            dropped(all)));
  }

  private static List<SelfMetric.Point> scrapes(List<Consumer> all) {
    List<SelfMetric.Point> points = new ArrayList<>();
    for (Consumer consumer : all) {
      points.add(point(consumer, "outcome", "complete", consumer.completeScrapes()));
      points.add(point(consumer, "outcome", "failed", consumer.failedScrapes()));
    }
    return points;
  }

  private static List<SelfMetric.Point> served(List<Consumer> all) {
    return all.stream()
        .map(c -> new SelfMetric.Point(List.of("consumer", c.name), c.samplesServed()))
        .toList();
  }

  private static List<SelfMetric.Point> dropped(List<Consumer> all) {
    return all.stream().map(c -> point(c, "reason", "overrun", c.droppedSamples())).toList();
  }

  private static SelfMetric.Point point(Consumer consumer, String label, String value, double v) {
    return new SelfMetric.Point(List.of("consumer", consumer.name, label, value), v);
  }
}

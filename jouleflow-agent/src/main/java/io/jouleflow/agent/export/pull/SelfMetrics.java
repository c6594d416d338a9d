package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.agent.sampling.SamplerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The agent's own metrics, read fresh for every scrape. */
final class SelfMetrics {

  private final Sampler sampler;
  private final Consumers consumers;
  private final String version;
  private final Supplier<List<SelfMetric>> moreMetrics;

  SelfMetrics(
      Sampler sampler,
      Consumers consumers,
      String version,
      Supplier<List<SelfMetric>> moreMetrics) {
    this.sampler = sampler;
    this.consumers = consumers;
    this.version = version;
    this.moreMetrics = moreMetrics;
  }

  List<SelfMetric> collect() {
    List<SelfMetric> all = new ArrayList<>(own());
    all.addAll(moreMetrics.get());
    return all;
  }

  private List<SelfMetric> own() {
    SamplerStats stats = sampler.stats();
    List<Consumer> all = consumers.all();
    return List.of(
        SelfMetric.gauge(
            "jouleflow_build_info",
            "The agent's version.",
            List.of(new SelfMetric.Point(List.of("version", version), 1))),
        SelfMetric.counter(
            "jouleflow_sampler_ticks",
            "Sampling ticks taken: rows appended to the buffer.",
            List.of(SelfMetric.Point.of(stats.ticks()))),
        SelfMetric.counter(
            "jouleflow_samples_taken",
            "Sensor values recorded, one per series per tick, less failed readings.",
            List.of(SelfMetric.Point.of(stats.samples()))),
        SelfMetric.counter(
            "jouleflow_sampler_missed_ticks",
            "Ticks skipped because the sampler was more than one interval late.",
            List.of(SelfMetric.Point.of(stats.missedTicks()))),
        SelfMetric.gauge(
            "jouleflow_sampling_lag_seconds",
            "How late the most recent tick started after its deadline.",
            List.of(SelfMetric.Point.of(stats.lagNanos() / 1e9))),
        SelfMetric.gauge(
            "jouleflow_sampling_interval_seconds",
            "The sampling interval.",
            List.of(SelfMetric.Point.of(sampler.interval().toNanos() / 1e9))),
        SelfMetric.counter(
            "jouleflow_sensor_read_errors",
            "Readings that failed (the series misses that tick), by sensor.",
            readErrors(stats)),
        SelfMetric.gauge(
            "jouleflow_buffer_capacity_rows",
            "Rows the sample buffer holds (MAX_QUEUE_LEN rounded up to a power of two).",
            List.of(SelfMetric.Point.of(sampler.ring().capacity()))),
        SelfMetric.gauge(
            "jouleflow_consumers",
            "Scrapers seen in the last 10 minutes.",
            List.of(SelfMetric.Point.of(all.size()))),
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

  private List<SelfMetric.Point> readErrors(SamplerStats stats) {
    List<SelfMetric.Point> points = new ArrayList<>();
    List<NamedSensor> sensors = sampler.sensors();
    for (int i = 0; i < sensors.size(); i++) {
      points.add(
          new SelfMetric.Point(List.of("sensor", sensors.get(i).name()), stats.readErrors(i)));
    }
    return points;
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

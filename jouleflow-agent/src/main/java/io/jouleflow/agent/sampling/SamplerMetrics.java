package io.jouleflow.agent.sampling;

import io.jouleflow.agent.metrics.SelfMetric;
import java.util.ArrayList;
import java.util.List;

/** The sampler's self-metrics: ticks, samples, missed ticks, lag, read errors, buffer size. */
final class SamplerMetrics {

  private SamplerMetrics() {}

  static List<SelfMetric> of(Sampler sampler) {
    SamplerStats stats = sampler.stats();
    return List.of(
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
            readErrors(sampler)),
        SelfMetric.gauge(
            "jouleflow_buffer_capacity_rows",
            "Rows the sample buffer holds (MAX_QUEUE_LEN rounded up to a power of two).",
            List.of(SelfMetric.Point.of(sampler.ring().capacity()))));
  }

  private static List<SelfMetric.Point> readErrors(Sampler sampler) {
    List<SelfMetric.Point> points = new ArrayList<>();
    List<NamedSensor> sensors = sampler.sensors();
    for (int i = 0; i < sensors.size(); i++) {
      points.add(
          new SelfMetric.Point(
              List.of("sensor", sensors.get(i).name()), sampler.stats().readErrors(i)));
    }
    return points;
  }
}

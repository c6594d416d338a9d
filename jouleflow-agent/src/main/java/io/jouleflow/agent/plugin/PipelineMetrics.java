package io.jouleflow.agent.plugin;

import io.jouleflow.agent.metrics.SelfMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the pipeline's counts into {@link SelfMetric} families. */
final class PipelineMetrics {

  private PipelineMetrics() {}

  static List<SelfMetric> families(
      PipelineStats stats,
      List<String> plugins,
      List<Integer> rawQueued,
      int processedQueued,
      int series) {
    List<SelfMetric.Point> records = new ArrayList<>();
    List<SelfMetric.Point> dropped = new ArrayList<>();
    List<SelfMetric.Point> restarts = new ArrayList<>();
    List<SelfMetric.Point> raw = new ArrayList<>();
    for (String plugin : stats.plugins()) {
      records.add(point((double) stats.collected(plugin), "plugin", plugin, "stage", "collected"));
      records.add(point((double) stats.processed(plugin), "plugin", plugin, "stage", "processed"));
      records.add(point((double) stats.stored(plugin), "plugin", plugin, "stage", "stored"));
      for (Map.Entry<String, Long> reason : stats.dropped(plugin).entrySet()) {
        dropped.add(point((double) reason.getValue(), "plugin", plugin, "reason", reason.getKey()));
      }
      restarts.add(point((double) stats.restarts(plugin), "plugin", plugin));
    }
    for (int i = 0; i < plugins.size(); i++) {
      raw.add(point(rawQueued.get(i), "plugin", plugins.get(i)));
    }
    return List.of(
        SelfMetric.counter(
            "jouleflow_plugin_records",
            "Plugin records by plugin and stage: collected, processed, stored in the buffer.",
            records),
        SelfMetric.counter(
            "jouleflow_plugin_records_dropped",
            "Plugin records dropped or rejected, by plugin and reason.",
            dropped),
        SelfMetric.counter(
            "jouleflow_plugin_restarts",
            "Restarts of a plugin's collector after it crashed or stopped.",
            restarts),
        SelfMetric.gauge(
            "jouleflow_plugin_raw_queue_records", "Raw records queued, by plugin.", raw),
        SelfMetric.gauge(
            "jouleflow_plugin_processed_queue_records",
            "Processed records queued before the buffer.",
            List.of(point(processedQueued))),
        SelfMetric.gauge(
            "jouleflow_plugin_series",
            "Distinct plugin series in the buffer (at most MAX_SERIES).",
            List.of(point(series))));
  }

  private static SelfMetric.Point point(double value, String... labels) {
    return new SelfMetric.Point(List.of(labels), value);
  }
}

package io.jouleflow.agent.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the pipeline's counts into {@link PluginMetric} families. */
final class PipelineMetrics {

  private PipelineMetrics() {}

  static List<PluginMetric> families(
      PipelineStats stats,
      List<String> plugins,
      List<Integer> rawQueued,
      int processedQueued,
      int series) {
    List<PluginMetric.Point> records = new ArrayList<>();
    List<PluginMetric.Point> dropped = new ArrayList<>();
    List<PluginMetric.Point> restarts = new ArrayList<>();
    List<PluginMetric.Point> raw = new ArrayList<>();
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
        PluginMetric.counter(
            "jouleflow_plugin_records",
            "Plugin records by plugin and stage: collected, processed, stored in the buffer.",
            records),
        PluginMetric.counter(
            "jouleflow_plugin_records_dropped",
            "Plugin records dropped or rejected, by plugin and reason.",
            dropped),
        PluginMetric.counter(
            "jouleflow_plugin_restarts",
            "Restarts of a plugin's collector after it crashed or stopped.",
            restarts),
        PluginMetric.gauge(
            "jouleflow_plugin_raw_queue_records", "Raw records queued, by plugin.", raw),
        PluginMetric.gauge(
            "jouleflow_plugin_processed_queue_records",
            "Processed records queued before the buffer.",
            List.of(point(processedQueued))),
        PluginMetric.gauge(
            "jouleflow_plugin_series",
            "Distinct plugin series in the buffer (at most MAX_SERIES).",
            List.of(point(series))));
  }

  private static PluginMetric.Point point(double value, String... labels) {
    return new PluginMetric.Point(List.of(labels), value);
  }
}

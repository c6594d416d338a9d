package io.jouleflow.agent.plugin;

import java.util.List;

/**
 * One family of the pipeline's self-metrics in a neutral form, for the exporters to write without
 * timestamps (see {@link PluginPipeline#metrics()}).
 *
 * @param name the family name; for counters without the {@code _total} suffix
 * @param type {@code counter} or {@code gauge}
 * @param help one line of help
 * @param points the family's samples
 */
public record PluginMetric(String name, String type, String help, List<Point> points) {

  /** Freezes the points. */
  public PluginMetric {
    points = List.copyOf(points);
  }

  /**
   * One sample.
   *
   * @param labels label pairs, name then value, e.g. {@code ["plugin", "dummy"]}
   * @param value the value
   */
  public record Point(List<String> labels, double value) {

    /** Freezes the labels and checks they pair up. */
    public Point {
      labels = List.copyOf(labels);
      if (labels.size() % 2 != 0) {
        throw new IllegalArgumentException("labels come in name, value pairs: " + labels);
      }
    }
  }

  static PluginMetric counter(String name, String help, List<Point> points) {
    return new PluginMetric(name, "counter", help, points);
  }

  static PluginMetric gauge(String name, String help, List<Point> points) {
    return new PluginMetric(name, "gauge", help, points);
  }
}

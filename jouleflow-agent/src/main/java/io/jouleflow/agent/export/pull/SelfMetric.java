package io.jouleflow.agent.export.pull;

import java.util.List;

/**
 * One family of the agent's own metrics, exposed without timestamps.
 *
 * @param name the family name; for counters without the {@code _total} suffix
 * @param type {@code counter} or {@code gauge}
 * @param help one line of help
 * @param points the family's samples
 */
record SelfMetric(String name, String type, String help, List<Point> points) {

  /**
   * One sample of a self-metric.
   *
   * @param labels label pairs, name then value, e.g. {@code ["consumer", "prom-a"]}
   * @param value the value
   */
  record Point(List<String> labels, double value) {

    Point {
      labels = List.copyOf(labels);
      if (labels.size() % 2 != 0) {
        throw new IllegalArgumentException("labels come in name, value pairs: " + labels);
      }
    }

    static Point of(double value) {
      return new Point(List.of(), value);
    }
  }

  SelfMetric {
    points = List.copyOf(points);
  }

  static SelfMetric counter(String name, String help, List<Point> points) {
    return new SelfMetric(name, "counter", help, points);
  }

  static SelfMetric gauge(String name, String help, List<Point> points) {
    return new SelfMetric(name, "gauge", help, points);
  }
}

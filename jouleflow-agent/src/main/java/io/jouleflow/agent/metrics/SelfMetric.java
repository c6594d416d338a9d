package io.jouleflow.agent.metrics;

import java.util.List;

/**
 * One family of the agent's own metrics (sampler, consumers, plugins, shipper), written by the
 * exporters without timestamps.
 *
 * @param name the family name; for counters without the {@code _total} suffix
 * @param type {@code counter} or {@code gauge}
 * @param help one line of help
 * @param points the family's samples
 */
public record SelfMetric(String name, String type, String help, List<Point> points) {

  /** Freezes the points. */
  public SelfMetric {
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

    /** A point without labels. */
    public static Point of(double value) {
      return new Point(List.of(), value);
    }
  }

  /** A counter family; {@code name} without the {@code _total} suffix. */
  public static SelfMetric counter(String name, String help, List<Point> points) {
    return new SelfMetric(name, "counter", help, points);
  }

  /** A gauge family. */
  public static SelfMetric gauge(String name, String help, List<Point> points) {
    return new SelfMetric(name, "gauge", help, points);
  }

  /** {@code jouleflow_build_info{version}}, always 1. */
  public static SelfMetric buildInfo(String version) {
    return gauge(
        "jouleflow_build_info",
        "The agent's version.",
        List.of(new Point(List.of("version", version), 1)));
  }

  /** The name of this family's samples: {@code _total} added for counters. */
  public String sampleName() {
    return type.equals("counter") ? name + "_total" : name;
  }
}

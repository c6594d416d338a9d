package io.jouleflow.api;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The identity of one time series: a metric name and its labels, sorted by name.
 *
 * @param metric a Prometheus metric name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * @param labels label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}, no {@code __} prefix) to non-empty
 *     values
 */
public record Series(String metric, SortedMap<String, String> labels) {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Validates the names and freezes the labels. */
  public Series {
    if (!METRIC_NAME.matcher(metric).matches()) {
      throw new IllegalArgumentException("invalid metric name: '" + metric + "'");
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!LABEL_NAME.matcher(label.getKey()).matches() || label.getKey().startsWith("__")) {
        throw new IllegalArgumentException("invalid label name: '" + label.getKey() + "'");
      }
      if (label.getValue().isEmpty()) {
        throw new IllegalArgumentException("empty value for label '" + label.getKey() + "'");
      }
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** A series of {@code metric} with the given labels, in any order. */
  public static Series of(String metric, Map<String, String> labels) {
    return new Series(metric, new TreeMap<>(labels));
  }

  /**
   * A series of the agent's energy counter, {@code jouleflow_energy_joules_total}, for one domain
   * of one device as measured by {@code source}.
   */
  public static Series energy(String source, String domain, String device) {
    return of(ENERGY_METRIC, Map.of("source", source, "domain", domain, "device", device));
  }

  /** The name of the agent's cumulative energy counter. */
  public static final String ENERGY_METRIC = "jouleflow_energy_joules_total";
}

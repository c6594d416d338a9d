package io.jouleflow.api;

import java.util.Map;

/**
 * One sample emitted by a free-running collector or a processor. The agent validates records where
 * they enter its queues (names, labels, timestamps) and counts what it rejects by reason;
 * constructing a record never throws for bad names.
 *
 * @param metric the metric name; empty for the agent's default ({@code METRIC_DEFAULT})
 * @param labels label names to values
 * @param value the sample value
 * @param timestampMillis when the value was measured, milliseconds since the epoch
 */
public record Record(
    String metric, Map<String, String> labels, double value, long timestampMillis) {

  /** Freezes the labels. */
  public Record {
    labels = Map.copyOf(labels);
  }
}

package io.jouleflow.plugin.example;

import io.jouleflow.api.Processor;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import io.jouleflow.api.Series;
import java.util.Map;

/**
 * The reference design's {@code process_data}: integrates the dummy's power readings into
 * cumulative joules (trapezoids between consecutive readings, 0 J at the first one) and emits them
 * as the agent's energy counter {@code jouleflow_energy_joules_total{source="dummy",
 * domain="package", device="0", host=<HOST>}}. A reading not after the previous one is ignored;
 * other records pass through unchanged. Runs on one thread, as the agent calls it.
 */
final class DummyProcessor implements Processor {

  private final Map<String, String> labels;
  private long lastMillis = Long.MIN_VALUE;
  private double lastWatts;
  private double joules;

  DummyProcessor(String host) {
    this.labels = Map.of("source", "dummy", "domain", "package", "device", "0", "host", host);
  }

  @Override
  public void process(Record raw, RecordSink out) {
    if (!raw.metric().equals(DummyCollector.POWER_METRIC)) {
      out.emit(raw);
      return;
    }
    long millis = raw.timestampMillis();
    if (lastMillis != Long.MIN_VALUE) {
      if (millis <= lastMillis) {
        return;
      }
      joules += (lastWatts + raw.value()) / 2 * (millis - lastMillis) / 1000.0;
    }
    lastMillis = millis;
    lastWatts = raw.value();
    out.emit(new Record(Series.ENERGY_METRIC, labels, joules, millis));
  }
}

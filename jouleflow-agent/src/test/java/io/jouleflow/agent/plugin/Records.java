package io.jouleflow.agent.plugin;

import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.config.PluginSettings;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Record;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records and settings for the plugin tests. */
final class Records {

  static final long T0 = FakeClock.WALL_START_MILLIS;

  private Records() {}

  /** {@code test_metric{device="0"}} at {@code T0 + offset} ms. */
  static Record at(long offsetMillis, double value) {
    return new Record("test_metric", Map.of("device", "0"), value, T0 + offsetMillis);
  }

  static Record of(String metric, Map<String, String> labels, double value, long timestamp) {
    return new Record(metric, labels, value, timestamp);
  }

  static PluginSettings settings(int rawQueueSize, int procQueueSize, int maxSeries) {
    return new PluginSettings(
        Optional.empty(),
        Map.of(),
        rawQueueSize,
        procQueueSize,
        1024,
        maxSeries,
        "exec",
        "pyjoules_remote_write_energy_uj",
        Map.of(),
        10_000);
  }

  static RecordBatch read(RecordRing ring) {
    return ring.cursor().peek(new RecordBatch());
  }

  static List<Double> values(RecordRing ring) {
    RecordBatch batch = read(ring);
    return java.util.stream.IntStream.range(0, batch.size()).mapToObj(batch::value).toList();
  }
}

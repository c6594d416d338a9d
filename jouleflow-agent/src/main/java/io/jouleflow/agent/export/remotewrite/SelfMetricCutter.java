package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the agent's self-metrics, read now, into one request: each point a sample stamped with the
 * push time (after the previous push's, so every series ascends), counters named with {@code
 * _total} as on {@code /metrics}. A pushing agent with no endpoint can be watched this way.
 */
final class SelfMetricCutter {

  private final RemoteWriteEncoder encoder = new RemoteWriteEncoder();
  private final SnappyBlock snappy = new SnappyBlock();
  private final SampleBlock block = new SampleBlock();
  private long lastMillis = Long.MIN_VALUE;

  /** A request of every point of {@code metrics} at {@code nowMillis}; empty when none. */
  Optional<Batch> cut(List<SelfMetric> metrics, long nowMillis) {
    long timestamp = Math.max(nowMillis, lastMillis + 1);
    lastMillis = timestamp;
    block.clear();
    List<byte[]> labels = new ArrayList<>();
    for (SelfMetric metric : metrics) {
      for (SelfMetric.Point point : metric.points()) {
        labels.add(RemoteWriteEncoder.labels(Series.of(metric.sampleName(), labelsOf(point))));
        block.add(labels.size() - 1, timestamp, point.value());
      }
    }
    if (block.samples() == 0) {
      return Optional.empty();
    }
    ProtoBuffer request = encoder.encode(block, labels::get);
    return Optional.of(
        new Batch(snappy.compress(request.array(), request.size()), block.samples()));
  }

  private static Map<String, String> labelsOf(SelfMetric.Point point) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < point.labels().size(); i += 2) {
      labels.put(point.labels().get(i), point.labels().get(i + 1));
    }
    return labels;
  }
}

package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the agent's self-metrics, read now, into requests of at most {@code MAX_SAMPLES_PER_SEND}
 * samples: each point a sample stamped with the push time (after the previous push's, so every
 * series ascends even when a push is skipped), counters named with {@code _total} as on {@code
 * /metrics}, with the external labels as the data. A pushing agent with no endpoint can be watched
 * this way.
 */
final class SelfMetricCutter {

  private final RemoteWriteEncoder encoder = new RemoteWriteEncoder();
  private final SnappyBlock snappy = new SnappyBlock();
  private final SampleBlock block = new SampleBlock();
  private final int maxSamples;
  private final Map<String, String> externalLabels;
  private long lastMillis = Long.MIN_VALUE;

  SelfMetricCutter(int maxSamples, Map<String, String> externalLabels) {
    this.maxSamples = maxSamples;
    this.externalLabels = externalLabels;
  }

  /** Requests of every point of {@code metrics} at {@code nowMillis}; none when no points. */
  List<Batch> cut(List<SelfMetric> metrics, long nowMillis) {
    long timestamp = Math.max(nowMillis, lastMillis + 1);
    lastMillis = timestamp;
    List<byte[]> labels = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    block.clear();
    for (SelfMetric metric : metrics) {
      for (SelfMetric.Point point : metric.points()) {
        Series series = Series.of(metric.sampleName(), labelsOf(point));
        labels.add(RemoteWriteEncoder.labels(series, externalLabels));
        block.add(labels.size() - 1, timestamp, point.value());
        if (block.samples() == maxSamples) {
          batches.add(encode(labels));
        }
      }
    }
    if (block.samples() > 0) {
      batches.add(encode(labels));
    }
    return batches;
  }

  private Batch encode(List<byte[]> labels) {
    ProtoBuffer request = encoder.encode(block, labels::get);
    Batch batch = new Batch(snappy.compress(request.array(), request.size()), block.samples());
    block.clear();
    return batch;
  }

  private static Map<String, String> labelsOf(SelfMetric.Point point) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < point.labels().size(); i += 2) {
      labels.put(point.labels().get(i), point.labels().get(i + 1));
    }
    return labels;
  }
}

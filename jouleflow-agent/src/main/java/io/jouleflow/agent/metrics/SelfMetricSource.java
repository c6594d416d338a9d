package io.jouleflow.agent.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Where exporters get the agent's own metrics, read fresh each time: the one supplier both the pull
 * endpoint and the remote-write shipper take, so neither depends on the sampler, the plugins or
 * each other.
 */
@FunctionalInterface
public interface SelfMetricSource {

  /** No self-metrics. */
  SelfMetricSource NONE = List::of;

  /** The families as they are now. */
  List<SelfMetric> collect();

  /** The families of {@code sources}, in order. */
  static SelfMetricSource of(SelfMetricSource... sources) {
    List<SelfMetricSource> all = List.of(sources);
    return () -> {
      List<SelfMetric> families = new ArrayList<>();
      all.forEach(source -> families.addAll(source.collect()));
      return families;
    };
  }
}

package io.jouleflow.agent.attribution;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetric.Point;
import java.util.List;

/** The attributor's self-metrics: workloads, folds, intervals, failed reads. */
final class AttributionMetrics {

  private AttributionMetrics() {}

  static List<SelfMetric> of(int workloads, long folded, long intervals, long readErrors) {
    return List.of(
        SelfMetric.gauge(
            "jouleflow_workloads",
            "Workloads with energy series of their own now.",
            List.of(Point.of(workloads))),
        SelfMetric.counter(
            "jouleflow_workloads_folded",
            "Workload-intervals folded into kind=\"other\" (beyond MAX_WORKLOADS, or no column"
                + " free).",
            List.of(Point.of(folded))),
        SelfMetric.counter(
            "jouleflow_attribution_intervals",
            "Attribution intervals whose energy was split over the workloads.",
            List.of(Point.of(intervals))),
        SelfMetric.counter(
            "jouleflow_attribution_read_errors",
            "Reads of the workloads' CPU time that failed, other than a cgroup going away.",
            List.of(Point.of(readErrors))));
  }
}

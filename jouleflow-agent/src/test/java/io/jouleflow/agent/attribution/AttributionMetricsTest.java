package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.jouleflow.agent.metrics.SelfMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionMetricsTest {

  @Test
  void namesTheFourFamiliesWithTheirValues() {
    List<SelfMetric> metrics = AttributionMetrics.of(3, 4, 5, 6);

    assertThat(metrics)
        .extracting(SelfMetric::sampleName, SelfMetric::type, m -> m.points().get(0).value())
        .containsExactly(
            tuple("jouleflow_workloads", "gauge", 3.0),
            tuple("jouleflow_workloads_folded_total", "counter", 4.0),
            tuple("jouleflow_attribution_intervals_total", "counter", 5.0),
            tuple("jouleflow_attribution_read_errors_total", "counter", 6.0));
  }

  @Test
  void everyFamilyAndTheWorkloadEnergyAreInTheReadmeMetricsTable() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    for (SelfMetric metric : AttributionMetrics.of(0, 0, 0, 0)) {
      assertThat(readme).contains("| `" + metric.sampleName() + "` |");
    }
    assertThat(readme).contains("| `" + Workload.ENERGY_METRIC + "` | counter, timestamped |");
  }
}

package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.metrics.SelfMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WebStatsTest {

  @Test
  void everyFamilyIsInTheReadmeMetricsTableWithEveryReason() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    for (SelfMetric metric : new WebStats().metrics()) {
      String row =
          readme
              .lines()
              .filter(line -> line.startsWith("| `" + metric.sampleName() + "` |"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("README documents " + metric.sampleName()));
      for (SelfMetric.Point point : metric.points()) {
        if (!point.labels().isEmpty()) {
          assertThat(row).as(metric.sampleName()).contains("`" + point.labels().get(1) + "`");
        }
      }
    }
  }
}

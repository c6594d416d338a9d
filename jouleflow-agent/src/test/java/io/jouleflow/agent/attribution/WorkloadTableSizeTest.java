package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.api.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTableSizeTest {

  private static final List<Series> COLUMNS =
      List.of(
          Series.energy("rapl", "package", "0"),
          Series.energy("rapl", "core", "0"),
          Series.energy("rapl", "dram", "0"),
          Series.energy("nvml", "gpu", "0"));

  @Test
  void aColumnPerWorkloadSeriesAndAQuarterMoreAndRowsSpanningTheSampleBuffer() {
    WorkloadTableSize size = WorkloadTableSize.of(COLUMNS, settings(10, 500), 1000);

    assertThat(size).isEqualTo(new WorkloadTableSize(128, 502 * 3 + 377));
    assertThat(size.bytes()).isEqualTo(128L * (8 + 1883 * 8));
    assertThat(size.create().width()).isEqualTo(1883);
  }

  @Test
  void rowsThatDoNotFitInTheMostBytesAreLeftOutDownToSixteen() {
    // 1000 rows / 1 tick -> 1024 rows of 1884 doubles (15 MiB): 8 MiB holds 556, so 512.
    WorkloadTableSize capped = WorkloadTableSize.of(COLUMNS, settings(1, 500), 1000);
    assertThat(capped.rows()).isEqualTo(512);
    assertThat(capped.bytes()).isLessThanOrEqualTo(AttributionSettings.DEFAULT_MAX_BYTES);
    assertThat(capped.create().ring().capacity()).isEqualTo(512);

    WorkloadTableSize huge = WorkloadTableSize.of(COLUMNS, settings(1, 100_000), 1 << 24);
    assertThat(huge.rows()).as("at least 16, even beyond the most bytes").isEqualTo(16);
  }

  @Test
  void atLeastSixteenRowsAndNoColumnsWithoutCpuEnergy() {
    assertThat(WorkloadTableSize.of(COLUMNS, settings(10, 1), 30).rows()).isEqualTo(16);
    assertThat(WorkloadTableSize.of(COLUMNS.subList(3, 4), settings(1, 500), 1000).width())
        .isZero();
  }

  private static AttributionSettings settings(int ticks, int maxWorkloads) {
    return new AttributionSettings(
        Path.of("/sys/fs/cgroup"),
        Duration.ofMillis(100L * ticks),
        ticks,
        AttributionLevel.POD,
        maxWorkloads);
  }
}

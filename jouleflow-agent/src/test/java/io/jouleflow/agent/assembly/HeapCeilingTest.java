package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapCeilingTest {

  private static final long MIB = 1 << 20;
  private static final List<NamedSensor> THREE_SERIES =
      List.of(new NamedSensor("rapl", "test", new Sensor(3)));

  @Test
  void theDefaultsFitTheSmallestHeapTheLauncherEverHad() throws Exception {
    assertThatCode(() -> HeapCeiling.check(settings(Map.of()), THREE_SERIES, 64 * MIB))
        .doesNotThrowAnyException();
  }

  @Test
  void buffersTooLargeNameTheSettingsTheHeapTheyNeedAndHowToGetIt() throws Exception {
    Settings largest =
        settings(
            Map.of(
                "MAX_QUEUE_LEN",
                "16777216",
                "MAX_RECORD_QUEUE_LEN",
                "16777216",
                "ATTRIBUTION_LEVEL",
                "off"));
    assertThatThrownBy(() -> HeapCeiling.check(largest, THREE_SERIES, 1024 * MIB))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "MAX_QUEUE_LEN=16777216 (rows of 3 series, 512 MiB) and MAX_RECORD_QUEUE_LEN=16777216"
                + " (320 MiB) need a heap of 1284 MiB, but this JVM may use 1024 MiB; lower them,"
                + " or raise the ceiling (JOULEFLOW_JAVA_OPTS=-Xmx1365m, or more memory for the"
                + " machine or container)");
    assertThatCode(() -> HeapCeiling.check(largest, THREE_SERIES, 1284 * MIB))
        .doesNotThrowAnyException();
  }

  @Test
  void theEnergyPerWorkloadTableCountsAndItsSettingsAreNamed() throws Exception {
    Settings defaults = settings(Map.of());
    // 3 split series: (500 + 2) x 3 = 1506 columns and a quarter more, 1883; 1000 rows / 10 ticks
    // -> 128 rows.
    long table = 128L * (8 + 1883 * 8);
    long rest = SampleRing.bytesFor(1000, 3) + RecordRing.bytesFor(65536) + HeapCeiling.OTHER_BYTES;
    long needed = HeapCeiling.heapFor(table + rest);

    assertThatCode(() -> HeapCeiling.check(defaults, THREE_SERIES, needed))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> HeapCeiling.check(defaults, THREE_SERIES, needed - 1))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(
            "and the energy per workload (MAX_WORKLOADS=500, 2 MiB) need a heap of "
                + (needed + MIB - 1) / MIB
                + " MiB")
        .hasMessageContaining("; lower them (or ATTRIBUTION_LEVEL=off), or raise the ceiling");
    Settings off = settings(Map.of("ATTRIBUTION_LEVEL", "off"));
    assertThatCode(() -> HeapCeiling.check(off, THREE_SERIES, HeapCeiling.heapFor(rest)))
        .doesNotThrowAnyException();
  }

  @Test
  void theOldGenerationMustHoldTheRings() {
    assertThat(HeapCeiling.heapFor(200 * MIB)).isEqualTo(300 * MIB);
  }

  private static Settings settings(Map<String, String> environment) throws Exception {
    return SettingsLoader.load(environment, Map.of());
  }

  private record Sensor(int width) implements ScheduledSensor {
    @Override
    public List<Series> series() {
      return java.util.stream.IntStream.range(0, width)
          .mapToObj(i -> Series.energy("rapl", "package", Integer.toString(i)))
          .toList();
    }

    @Override
    public void read(double[] values) {}

    @Override
    public void close() {}
  }
}

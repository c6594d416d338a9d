package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up line a person reads: short, what is measured, how often, and where it goes. */
class StartupLineTest {

  private static final String WHERE = "/metrics on 0.0.0.0:9092";

  @Test
  void aRaplMachineWithAGpuIsOneShortLine() {
    String line =
        StartupLine.of(
            "0.1.0",
            List.of(
                sensor(
                    "rapl", series("rapl", "package", "0", "1"), series("rapl", "dram", "0", "1")),
                sensor("nvml", series("nvml", "gpu", "0", "1", "2", "3"))),
            8,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            List.of("dummy"),
            WHERE);
    assertThat(line)
        .isEqualTo(
            "jouleflow 0.1.0: measuring package, dram of devices 0, 1 (rapl) and gpu of devices 0,"
                + " 1, 2, 3 (nvml); 8 series every 100 ms; energy per workload every 1 s; plugins"
                + " dummy; /metrics on 0.0.0.0:9092");
  }

  @Test
  void aVirtualMachineSaysItEstimatesAndWhereToLookWhy() {
    String line =
        StartupLine.of(
            "0.1.0",
            List.of(sensor("model", series("model", "package", "0"))),
            1,
            Duration.ofMillis(100),
            null,
            List.of(),
            WHERE);
    assertThat(line)
        .isEqualTo(
            "jouleflow 0.1.0: estimating package of device 0 from CPU utilisation (model; see"
                + " jouleflow sensors); 1 series every 100 ms; /metrics on 0.0.0.0:9092")
        .doesNotContain("((");
  }

  @Test
  void domainsWithDifferentDevicesAreListedEachWithTheirs() {
    List<Series> series =
        List.of(
            Series.energy("rapl", "package", "0"),
            Series.energy("rapl", "package", "1"),
            Series.energy("rapl", "psys", "0"));
    assertThat(StartupLine.domains(series)).isEqualTo("package of devices 0, 1, psys of device 0");
    assertThat(StartupLine.domains(List.of(Series.of("x_joules_total", Map.of("source", "x")))))
        .isEqualTo("1 series");
  }

  @Test
  void durationsArePlain() {
    assertThat(StartupLine.duration(Duration.ofMillis(100))).isEqualTo("100 ms");
    assertThat(StartupLine.duration(Duration.ofNanos(2_500_000))).isEqualTo("2.5 ms");
    assertThat(StartupLine.duration(Duration.ofSeconds(1))).isEqualTo("1 s");
    assertThat(StartupLine.duration(Duration.ofMillis(2500))).isEqualTo("2.5 s");
    assertThat(StartupLine.duration(Duration.ofSeconds(60))).isEqualTo("60 s");
  }

  private static List<Series> series(String source, String domain, String... devices) {
    return java.util.Arrays.stream(devices).map(d -> Series.energy(source, domain, d)).toList();
  }

  @SafeVarargs
  private static NamedSensor sensor(String name, List<Series>... series) {
    List<Series> all = java.util.Arrays.stream(series).flatMap(List::stream).toList();
    ScheduledSensor sensor =
        new ScheduledSensor() {
          @Override
          public List<Series> series() {
            return all;
          }

          @Override
          public void read(double[] values) {}

          @Override
          public void close() {}
        };
    return new NamedSensor(name, "details for debug", sensor);
  }
}

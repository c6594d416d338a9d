package io.jouleflow.agent.sensor.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backwards steps of {@code energy_uj}: wraps are counted, resets add nothing. */
class RaplCounterResetTest {

  private static final long RANGE = 262_143_328_850L;
  private static final Series PACKAGE_0 = Series.energy("rapl", "package", "0");

  private final FakeClock clock = new FakeClock();
  private final CounterResets resets = new CounterResets(clock);
  private FakePowercapTree tree;
  private ScheduledSensor sensor;
  private LogCapture log;

  @BeforeEach
  void openTwoPackages(@TempDir Path sysfs) throws Exception {
    tree =
        FakePowercapTree.builder(sysfs)
            .packages(2)
            .subzones()
            .maxEnergyRangeMicrojoules(RANGE)
            .build();
    tree.setEnergyMicrojoules("package/0", 100_000_000);
    tree.setEnergyMicrojoules("package/1", 100_000_000);
    Files.writeString(
        tree.zoneDir("package/1").resolve("constraint_0_max_power_uw"), "2000000000\n");
    log = new LogCapture();
    sensor =
        new RaplSensorProvider(ReadableFiles.DEFAULT, new CounterWatch(clock, resets))
            .open(new Context(sysfs));
  }

  @AfterEach
  void closeAll() {
    sensor.close();
    tree.close();
    log.close();
  }

  @Test
  void aFiveJouleStepBackAddsNothingAndIsCountedAndLoggedWithTheFileAndValues() throws Exception {
    clock.advance(Duration.ofMillis(100));
    tree.setEnergyMicrojoules("package/0", 95_000_000);

    assertThat(read()[0]).isZero();
    assertThat(resets.count(PACKAGE_0)).isOne();
    assertThat(log.text())
        .contains("rapl package 0: counter reset: " + tree.energyFile("package/0").toRealPath())
        .contains("from 100000000 to 95000000 µJ");

    clock.advance(Duration.ofMillis(100));
    tree.setEnergyMicrojoules("package/0", 96_000_000);
    assertThat(read()[0]).isEqualTo(1.0);
    assertThat(resets.metrics().getFirst().points())
        .contains(
            new io.jouleflow.agent.metrics.SelfMetric.Point(
                java.util.List.of("source", "rapl", "domain", "package", "device", "0"), 1));
  }

  @Test
  void aRealWrapIsStillCountedExactly() {
    tree.setEnergyMicrojoules("package/0", RANGE - 10_000_000);
    double before = read()[0];
    clock.advance(Duration.ofMillis(100));
    tree.setEnergyMicrojoules("package/0", 20_000_000);

    assertThat(read()[0] - before).isCloseTo(30.000001, within(1e-6));
    assertThat(resets.count(PACKAGE_0)).isZero();
  }

  @Test
  void aStepBackAfterAGapLongEnoughForAWrapStaysAWrap() {
    clock.advance(Duration.ofMinutes(3));
    tree.setEnergyMicrojoules("package/0", 95_000_000);

    assertThat(read()[0]).isCloseTo((RANGE - 5_000_000 + 1) / 1e6, within(1e-6));
    assertThat(resets.count(PACKAGE_0)).isZero();
  }

  @Test
  void theZonesDeclaredMaximumPowerRaisesTheBound() {
    // 70 s: 1500 W (no declaration) gives 106 kJ, below the range; 2 × 2000 W gives 284 kJ
    clock.advance(Duration.ofSeconds(70));
    tree.setEnergyMicrojoules("package/0", 95_000_000);
    tree.setEnergyMicrojoules("package/1", 95_000_000);

    double[] values = read();
    assertThat(values[0]).isZero();
    assertThat(values[1]).isCloseTo((RANGE - 5_000_000 + 1) / 1e6, within(1e-6));
    assertThat(resets.count(Series.energy("rapl", "package", "1"))).isZero();
  }

  @Test
  void anUnparsableReadingIsLoggedWithTheFileAndWhatItHeld() throws Exception {
    Path file = tree.energyFile("package/0");
    Files.writeString(file, "garbage\n", StandardCharsets.US_ASCII);

    assertThat(read()[0]).isNaN();
    assertThat(log.text()).contains(file.toRealPath() + " holds 'garbage\\x0a'");
  }

  private double[] read() {
    double[] values = new double[sensor.series().size()];
    sensor.read(values);
    return values;
  }

  private record Context(Path sysfs) implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      return Optional.empty();
    }

    @Override
    public Path procfs() {
      return sysfs.resolveSibling("proc");
    }

    @Override
    public long intervalNanos() {
      return Duration.ofMillis(100).toNanos();
    }
  }
}

package io.jouleflow.agent.sensor.msr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backwards steps of a 32-bit RAPL register: wraps are counted, resets add nothing. */
class MsrCounterResetTest {

  private static final long UNIT_REGISTER = FakeMsrTree.INTEL_UNIT;
  private static final long PACKAGE_REGISTER = FakeMsrTree.INTEL_PACKAGE;
  private static final long UNITS_ESU_14 = FakeMsrTree.INTEL_UNITS_ESU_14;
  private static final double JOULES_PER_UNIT = 1.0 / 16384;
  private static final Series PACKAGE_0 = Series.energy("msr", "package", "0");

  private final FakeClock clock = new FakeClock();
  private final CounterResets resets = new CounterResets(clock);
  private FakeMsrTree tree;
  private ScheduledSensor sensor;

  @BeforeEach
  void openIntelPackage(@TempDir Path folder) throws Exception {
    tree = new FakeMsrTree(folder.resolve("intel"));
    tree.cpuinfo("GenuineIntel", 6, 158, 1, 1, 1);
    tree.write(0, UNIT_REGISTER, UNITS_ESU_14).write(0, PACKAGE_REGISTER, 50_000_000);
    sensor =
        new MsrSensorProvider(tree.files(), new CounterWatch(clock, resets))
            .open(new Context(tree.procfs(), tree.msrDirectory()));
  }

  @AfterEach
  void close() {
    sensor.close();
  }

  @Test
  void aSmallStepBackIsAResetThatAddsNothingAndIsLogged() throws Exception {
    clock.advance(Duration.ofMillis(100));
    tree.write(0, PACKAGE_REGISTER, 50_000_000 - 5 * 16384);

    try (LogCapture log = new LogCapture()) {
      assertThat(read()).isZero();
      assertThat(log.text())
          .contains("msr package 0: counter reset: 0x611 of " + tree.msrFile(0))
          .contains("from 50000000 to 49918080 units");
    }
    assertThat(resets.count(PACKAGE_0)).isOne();

    tree.write(0, PACKAGE_REGISTER, 50_000_000);
    assertThat(read()).isEqualTo(81_920 * JOULES_PER_UNIT);
  }

  @Test
  void aRealWrapIsCountedExactly() throws Exception {
    tree.write(0, PACKAGE_REGISTER, 0xFFFF_0000L);
    double before = read();
    clock.advance(Duration.ofMillis(100));
    tree.write(0, PACKAGE_REGISTER, 0x100);

    assertThat(read() - before).isEqualTo(0x1_0100 * JOULES_PER_UNIT);
    assertThat(resets.count(PACKAGE_0)).isZero();
  }

  @Test
  void aStepBackAfterAGapLongEnoughForAWrapStaysAWrap() throws Exception {
    // 2^32 units of 61 µJ are 262,144 J: 1500 W covers them in 175 s
    clock.advance(Duration.ofMinutes(3));
    tree.write(0, PACKAGE_REGISTER, 50_000_000 - 16384);

    assertThat(read()).isEqualTo((0x1_0000_0000L - 16384) * JOULES_PER_UNIT);
    assertThat(resets.count(PACKAGE_0)).isZero();
  }

  private double read() {
    double[] values = new double[sensor.series().size()];
    sensor.read(values);
    return values[0];
  }

  private record Context(Path procfs, Path msr) implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      return name.equals("MSR_PATH") ? Optional.of(msr.toString()) : Optional.empty();
    }

    @Override
    public Path sysfs() {
      return procfs.resolveSibling("sys");
    }

    @Override
    public long intervalNanos() {
      return Duration.ofSeconds(1).toNanos();
    }
  }
}

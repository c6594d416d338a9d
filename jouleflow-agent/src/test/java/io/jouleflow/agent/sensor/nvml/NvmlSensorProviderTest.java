package io.jouleflow.agent.sensor.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlSensorProviderTest {

  private static final String UUID_0 = "GPU-5f3c9a42-0000-4000-8000-00000000a100";
  private static final String UUID_1 = "GPU-5f3c9a42-1111-4111-8111-11111111a100";
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @TempDir Path dir;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final CounterResets resets = new CounterResets(Clock.SYSTEM);
  private final NvmlSensorProvider provider =
      new NvmlSensorProvider(FakeClock.reading(clock::get), resets);
  private final Map<String, String> settings = new HashMap<>();
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private Duration interval = Duration.ofMillis(100);

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void describesItself() {
    assertThat(provider.name()).isEqualTo("nvml");
    assertThat(provider.description()).contains("NVML").doesNotContain("\n");
  }

  @Test
  void theLibraryAndIntervalSettingsAreNvmlsAndAcceptWhatItParses() {
    assertThat(Setting.valueOf(NvmlSensorProvider.LIBRARY_SETTING).owner())
        .contains(provider.name());
    Setting interval = Setting.valueOf(ReadSchedule.SETTING);
    assertThat(interval.owner()).contains(provider.name());
    assertThat(interval.accepted()).endsWith(" or " + ReadSchedule.ACCEPTED);
  }

  @Test
  void exportsOneSeriesPerGpuLabelledWithIndexUuidAndName() throws Exception {
    ScheduledSensor sensor = open(stub());

    assertThat(sensor.series()).hasSize(2);
    assertThat(sensor.series().get(0).metric()).isEqualTo("jouleflow_energy_joules_total");
    assertThat(sensor.series().get(0).labels())
        .containsExactly(
            entry("device", "0"),
            entry("domain", "gpu"),
            entry("name", "NVIDIA H100 80GB HBM3"),
            entry("source", "nvml"),
            entry("uuid", UUID_0));
    assertThat(sensor.series().get(1).labels())
        .containsExactly(
            entry("device", "1"),
            entry("domain", "gpu"),
            entry("name", "NVIDIA A100-SXM4-40GB"),
            entry("source", "nvml"),
            entry("uuid", UUID_1));
  }

  @Test
  void saysWhatItMeasuresInOneLine() throws Exception {
    StubNvml stub = stub();

    assertThat(open(stub))
        .hasToString(
            "measured: energy of GPU 0 (NVIDIA H100 80GB HBM3), GPU 1 (NVIDIA A100-SXM4-40GB)"
                + " through NVML "
                + stub.library()
                + ", read every 100 ms");
  }

  @Test
  void countsJoulesFromTheEnergyCounterStartingAtZero() throws Exception {
    ScheduledSensor sensor = open(stub());

    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    assertThat(read(sensor)).containsExactly(1.0, 2.0);
    assertThat(read(sensor)).containsExactly(2.0, 4.0);
  }

  @Test
  void integratesPowerWhereTheEnergyCounterIsNotSupported() throws Exception {
    ScheduledSensor sensor = open(stub("ENERGY_NOT_SUPPORTED"));

    assertThat(sensor.toString()).contains("GPU 1 (NVIDIA A100-SXM4-40GB, integrated power)");
    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    clock.addAndGet(SECOND);
    assertThat(read(sensor)).containsExactly(150.0, 200.0);
    clock.addAndGet(SECOND);
    assertThat(read(sensor)).containsExactly(300.0, 400.0);
    clock.addAndGet(SECOND / 2);
    assertThat(read(sensor)).containsExactly(375.0, 500.0);
  }

  @Test
  void givesNaNForAFailedReadingAndCountsTheGapAfterwards() throws Exception {
    ScheduledSensor sensor = open(stub("FAIL_ON_CALL=3")); // call 1 is the probe at open

    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    assertThat(read(sensor)).containsExactly(Double.NaN, 2.0);
    assertThat(read(sensor)).containsExactly(2.0, 4.0);
  }

  @Test
  void takesACounterThatGoesBackwardsForAResetAddingNothingAndCountsIt() throws Exception {
    ScheduledSensor sensor = open(stub("RESTART_ON_CALL=4"));

    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    assertThat(read(sensor)).containsExactly(1.0, 2.0);
    assertThat(read(sensor)).containsExactly(1.0, 2.0);
    assertThat(read(sensor)).containsExactly(2.0, 4.0);
    assertThat(resets.count(Series.energy("nvml", "gpu", "0"))).isOne();
    assertThat(resets.count(Series.energy("nvml", "gpu", "1"))).isOne();
  }

  @Test
  void readsGpusNoFasterThan20HzByDefault() throws Exception {
    interval = Duration.ofMillis(10);
    ScheduledSensor sensor = open(stub());

    assertThat(sensor.toString()).endsWith("read every 50 ms");
    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    for (int tick = 2; tick <= 5; tick++) {
      assertThat(read(sensor)).containsOnly(Double.NaN);
    }
    assertThat(read(sensor)).containsExactly(1.0, 2.0);
    assertThat(read(sensor)).containsOnly(Double.NaN);
  }

  @Test
  void readsGpusAtNvmlIntervalSecondsRoundedUpToWholeTicks() throws Exception {
    settings.put("NVML_INTERVAL_SECONDS", "0.25");
    ScheduledSensor sensor = open(stub());

    assertThat(sensor.toString()).endsWith("read every 300 ms");
    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    assertThat(read(sensor)).containsOnly(Double.NaN);
    assertThat(read(sensor)).containsOnly(Double.NaN);
    assertThat(read(sensor)).containsExactly(1.0, 2.0);
  }

  @Test
  void rejectsAnIntervalThatIsNotSeconds() throws Exception {
    settings.put("NVML_INTERVAL_SECONDS", "fast");
    StubNvml stub = stub();

    assertThatThrownBy(() -> open(stub))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("NVML_INTERVAL_SECONDS must be a number of seconds in 0.001..3600, got 'fast'");
  }

  @Test
  void failsWithTheCodeItsNameAndTheFixWhenNvmlInitFails() throws Exception {
    StubNvml stub = stub("INIT_RETURNS=9");

    assertThatThrownBy(() -> open(stub))
        .isInstanceOf(UnavailableException.class)
        .hasMessage(
            "nvmlInit_v2 failed with 9 NVML_ERROR_DRIVER_NOT_LOADED (Driver Not Loaded): the NVIDIA"
                + " kernel module is not loaded (modprobe nvidia, or install the driver)");
    assertThat(stub.shutdownCalls()).isZero();
  }

  @Test
  void namesTheCodeWithoutNvmlErrorString() throws Exception {
    StubNvml stub = stub("INIT_RETURNS=18", "NO_ERROR_STRING");

    assertThatThrownBy(() -> open(stub))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("nvmlInit_v2 failed with 18 NVML_ERROR_LIB_RM_VERSION_MISMATCH: ")
        .hasMessageContaining("reboot")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void failsWhenNvmlFindsNoGpuAndShutsNvmlDown() throws Exception {
    StubNvml stub = stub("GPU_COUNT=0");

    assertThatThrownBy(() -> open(stub))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("NVML found no GPU");
    assertThat(stub.shutdownCalls()).isEqualTo(1);
  }

  @Test
  void shutsNvmlDownOnceOnCloseAndReadsNaNAfterwards() throws Exception {
    StubNvml stub = stub();
    ScheduledSensor sensor = open(stub);
    read(sensor);

    sensor.close();
    sensor.close();

    assertThat(stub.shutdownCalls()).isEqualTo(1);
    assertThat(read(sensor)).containsOnly(Double.NaN);
  }

  @Test
  void closesWhileTheSamplerThreadReadsWithoutFailingIt() throws Exception {
    ScheduledSensor sensor = open(stub());
    AtomicLong reads = new AtomicLong();
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread sampler =
        Thread.ofPlatform()
            .name("nvml-test-sampler")
            .start(() -> readUntilStopped(sensor, reads, failure, stop));
    await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > 1000);

    sensor.close();
    long readsAtClose = reads.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsAtClose + 1000);
    stop.set(true);
    sampler.join(Duration.ofSeconds(10));

    assertThat(failure.get()).isNull();
    assertThat(read(sensor)).containsOnly(Double.NaN);
  }

  @Test
  void failsWhenNvmlLibraryNamesAMissingFile() {
    Path missing = dir.resolve("missing/libnvidia-ml.so.1");
    settings.put("NVML_LIBRARY", missing.toString());

    assertThatThrownBy(this::openConfigured)
        .isInstanceOf(UnavailableException.class)
        .hasMessage("NVML library '" + missing + "' (NVML_LIBRARY) not found");
  }

  @Test
  void failsWithTheDriverHintWhereNoNvidiaDriverIsInstalled() {
    assumeFalse(systemHasNvml(), "this machine has an NVIDIA driver");

    assertThatThrownBy(this::openConfigured)
        .isInstanceOf(UnavailableException.class)
        .hasMessage(
            "NVML library 'libnvidia-ml.so.1' not found: no NVIDIA driver on this machine (set"
                + " NVML_LIBRARY to its path)");
  }

  @Test
  void failsForALibraryThatIsNotNvml() throws Exception {
    assumeTrue(StubNvml.gccAvailable(), "gcc is missing: cannot build the NVML stub");
    Path library = StubNvml.compile(dir, "int answer(void) { return 42; }\n", List.of());

    assertThatThrownBy(() -> open(library))
        .isInstanceOf(UnavailableException.class)
        .hasMessage(
            "NVML library '"
                + library
                + "' has no function nvmlInit_v2: not NVIDIA's NVML, or a driver too old");
  }

  private StubNvml stub(String... defines) throws Exception {
    assumeTrue(StubNvml.gccAvailable(), "gcc is missing: cannot build the NVML stub");
    return StubNvml.build(dir.resolve("stub"), defines);
  }

  private ScheduledSensor open(StubNvml stub) throws UnavailableException {
    return open(stub.library());
  }

  private ScheduledSensor open(Path library) throws UnavailableException {
    settings.put("NVML_LIBRARY", library.toString());
    return openConfigured();
  }

  private ScheduledSensor openConfigured() throws UnavailableException {
    ScheduledSensor sensor =
        provider.open(new FakeContext(interval.toNanos(), Map.copyOf(settings)));
    opened.push(sensor);
    return sensor;
  }

  private static double[] read(ScheduledSensor sensor) {
    double[] values = new double[sensor.series().size()];
    sensor.read(values);
    return values;
  }

  private static void readUntilStopped(
      ScheduledSensor sensor,
      AtomicLong reads,
      AtomicReference<@Nullable Throwable> failure,
      AtomicBoolean stop) {
    double[] values = new double[sensor.series().size()];
    try {
      while (!stop.get()) {
        sensor.read(values);
        reads.incrementAndGet();
      }
    } catch (RuntimeException | Error e) {
      failure.set(e);
    }
  }

  @SuppressWarnings("restricted") // the tests run with --enable-native-access
  private static boolean systemHasNvml() {
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup.libraryLookup(NvmlLibrary.DEFAULT_NAME, arena);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private record FakeContext(long intervalNanos, Map<String, String> settings)
      implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      return Optional.ofNullable(settings.get(name));
    }

    @Override
    public Path sysfs() {
      return Path.of("/nonexistent/sys");
    }

    @Override
    public Path procfs() {
      return Path.of("/nonexistent/proc");
    }
  }
}

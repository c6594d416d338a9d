package io.jouleflow.agent.sensor.msr;

import static io.jouleflow.agent.sensor.msr.FakeMsrTree.AMD_CORE;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.AMD_PACKAGE;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.AMD_UNIT;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.AMD_UNITS_ESU_16;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_CORE;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_DRAM;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_PACKAGE;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_PSYS;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_UNCORE;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_UNIT;
import static io.jouleflow.agent.sensor.msr.FakeMsrTree.INTEL_UNITS_ESU_14;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsrSensorProviderTest {

  private static final double JOULES_PER_UNIT_ESU_14 = 1.0 / 16384;

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private FakeMsrTree tree;

  @TempDir Path folder;

  @BeforeEach
  void useTemporaryTree() throws IOException {
    tree = new FakeMsrTree(folder.resolve("intel"));
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void describesItself() {
    MsrSensorProvider provider = new MsrSensorProvider();

    assertThat(provider.name()).isEqualTo("msr");
    assertThat(provider.description()).isNotBlank().doesNotContain("\n");
  }

  @Test
  void thePathSettingIsMsrsWithTheSameDefault() {
    Setting setting = Setting.valueOf(MsrSensorProvider.PATH_SETTING);

    assertThat(setting.owner()).contains(new MsrSensorProvider().name());
    assertThat(setting.defaultValue()).isEqualTo(MsrSensorProvider.DEFAULT_PATH);
  }

  @Test
  void readsIntelPackageCoreAndDramOfEachPackageInJoules() throws Exception {
    intelTwoPackages(158);
    ScheduledSensor sensor = open();

    assertThat(sensor.series())
        .containsExactly(
            energy("package", "0"),
            energy("core", "0"),
            energy("dram", "0"),
            energy("package", "1"),
            energy("core", "1"),
            energy("dram", "1"));
    assertThat(sensor.series().getFirst().labels())
        .containsExactly(entry("device", "0"), entry("domain", "package"), entry("source", "msr"));
    assertThat(sensor)
        .hasToString(
            "measured: package, core, dram of devices 0, 1 from Intel RAPL registers in "
                + tree.msrDirectory());
    assertThat(read(sensor)).containsOnly(0.0);

    tree.write(0, INTEL_PACKAGE, 1_000 + 2 * 16384).write(0, INTEL_CORE, 2_000 + 16384 / 4);
    tree.write(0, INTEL_DRAM, 3_001).write(2, INTEL_PACKAGE, 4_000 + 3 * 16384);
    tree.write(2, INTEL_CORE, 5_000 + 16384 / 2).write(2, INTEL_DRAM, 6_000 + 16384);
    assertThat(read(sensor)).containsExactly(2.0, 0.25, JOULES_PER_UNIT_ESU_14, 3.0, 0.5, 1.0);

    tree.write(0, INTEL_PACKAGE, 1_000 + 5 * 16384);
    assertThat(read(sensor)).containsExactly(5.0, 0.25, JOULES_PER_UNIT_ESU_14, 3.0, 0.5, 1.0);
  }

  @Test
  void skipsDomainsWhoseRegisterReadsZeroOrCannotBeRead() throws Exception {
    intelTwoPackages(158);
    tree.write(0, INTEL_UNCORE, 0).write(2, INTEL_UNCORE, 0);
    tree.write(2, INTEL_DRAM, 0);

    assertThat(open().series())
        .as("uncore reads 0, dram of package 1 reads 0, psys lies beyond the end of the file")
        .containsExactly(
            energy("package", "0"),
            energy("core", "0"),
            energy("dram", "0"),
            energy("package", "1"),
            energy("core", "1"));
  }

  @Test
  void readsUncoreAndReadsPsysOnceAsDevice0() throws Exception {
    intelTwoPackages(158);
    tree.write(0, INTEL_UNCORE, 70).write(2, INTEL_UNCORE, 80);
    tree.write(0, INTEL_PSYS, 90).write(2, INTEL_PSYS, 100);
    ScheduledSensor sensor = open();

    assertThat(sensor.series())
        .containsExactly(
            energy("package", "0"),
            energy("core", "0"),
            energy("uncore", "0"),
            energy("dram", "0"),
            energy("psys", "0"),
            energy("package", "1"),
            energy("core", "1"),
            energy("uncore", "1"),
            energy("dram", "1"));
    tree.write(0, INTEL_PSYS, 90 + 16384 * 7);
    assertThat(read(sensor)[4]).isEqualTo(7.0);
  }

  @Test
  void countsDramOfIntelServerModelsIn15Point3Microjoules() throws Exception {
    intelTwoPackages(0x55);
    ScheduledSensor sensor = open();

    tree.write(0, INTEL_DRAM, 3_000 + 1_000).write(0, INTEL_PACKAGE, 1_000 + 16384);
    double[] values = read(sensor);

    assertThat(values[0]).isEqualTo(1.0);
    assertThat(values[2]).isCloseTo(0.0153, within(1e-12));
    assertThat(sensor.toString())
        .endsWith("; dram in fixed 15.3 µJ units (Intel server model 0x55)");
  }

  @Test
  void addsUpEveryCoreOfAnAmdPackageAsItsCore() throws Exception {
    tree = FakeMsrTree.slotted(folder.resolve("amd"));
    tree.cpuinfo("AuthenticAMD", 25, 1, 1, 4, 2);
    tree.write(0, AMD_UNIT, AMD_UNITS_ESU_16).write(0, AMD_PACKAGE, 500_000);
    for (int core = 0; core < 4; core++) {
      tree.write(core, AMD_CORE, 1_000L * (core + 1));
    }
    ScheduledSensor sensor = open();

    assertThat(sensor.series()).containsExactly(energy("package", "0"), energy("core", "0"));
    assertThat(sensor)
        .hasToString(
            "measured: package, core of devices 0 from AMD RAPL registers in "
                + tree.msrDirectory());
    for (int core = 0; core < 4; core++) {
      tree.write(core, AMD_CORE, 1_000L * (core + 1) + 65536L * (core + 1) / 4);
    }
    tree.write(0, AMD_PACKAGE, 500_000 + 65536 * 4);
    assertThat(read(sensor)).containsExactly(4.0, 2.5);
  }

  @Test
  void correctsA32BitWrapAndIgnoresTheReservedUpperHalf() throws Exception {
    tree.cpuinfo("GenuineIntel", 6, 158, 1, 1, 1);
    tree.write(0, INTEL_UNIT, INTEL_UNITS_ESU_14).write(0, INTEL_PACKAGE, 0xFFFF_FF00L);
    ScheduledSensor sensor = open();

    tree.write(0, INTEL_PACKAGE, 0x0000_0100L);
    assertThat(read(sensor)).containsExactly(0x200 * JOULES_PER_UNIT_ESU_14);

    tree.write(0, INTEL_PACKAGE, 0xDEAD_BEEF_0000_0300L);
    assertThat(read(sensor)).containsExactly(0x400 * JOULES_PER_UNIT_ESU_14);
  }

  @Test
  void reportsNaNWhileARegisterCannotBeReadAndCountsOnAfterwards() throws Exception {
    intelTwoPackages(158);
    ScheduledSensor sensor = open();

    tree.truncate(0, INTEL_DRAM);
    tree.write(2, INTEL_PACKAGE, 4_000 + 16384);
    assertThat(read(sensor))
        .as("the file of CPU 0 now ends before dram 0x619 and core 0x639")
        .containsExactly(0.0, Double.NaN, Double.NaN, 1.0, 0.0, 0.0);

    tree.write(0, INTEL_DRAM, 3_000 + 16384 * 2).write(0, INTEL_CORE, 2_000 + 16384);
    assertThat(read(sensor)).containsExactly(0.0, 1.0, 2.0, 1.0, 0.0, 0.0);
  }

  @Test
  void reportsNaNForAnAmdCoreSumWhenOneCoreCannotBeRead() throws Exception {
    tree = FakeMsrTree.slotted(folder.resolve("amd"));
    tree.cpuinfo("AuthenticAMD", 0x1A, 2, 1, 2, 1);
    tree.write(0, AMD_UNIT, AMD_UNITS_ESU_16).write(0, AMD_PACKAGE, 7);
    tree.write(0, AMD_CORE, 10).write(1, AMD_CORE, 20);
    ScheduledSensor sensor = open();

    tree.truncate(1, 0);
    tree.write(0, AMD_CORE, 10 + 65536);
    assertThat(read(sensor)).containsExactly(0.0, Double.NaN);

    tree.write(1, AMD_CORE, 20 + 65536);
    assertThat(read(sensor)).containsExactly(0.0, 2.0);
  }

  @Test
  void failsWithTheFixWhenOnlyRootMayReadTheFiles() throws Exception {
    intelTwoPackages(158);
    String expected =
        "reading " + tree.msrFile(0) + " needs root or CAP_SYS_RAWIO (and the msr module)";

    assertThatThrownBy(() -> openThrough(refusing(AccessDeniedException::new)))
        .isInstanceOf(UnavailableException.class)
        .hasMessage(expected);
    assertThatThrownBy(() -> openThrough(refusing(MsrSensorProviderTest::notPermitted)))
        .isInstanceOf(UnavailableException.class)
        .hasMessage(expected);
  }

  @Test
  void failsWithTheFixWhenThereAreNoMsrFiles() throws Exception {
    tree.cpuinfo("GenuineIntel", 6, 158, 1, 2, 1);
    String expected =
        "no MSR device files under "
            + tree.msrDirectory()
            + ": load the msr kernel module (modprobe msr)";

    Files.createDirectories(tree.msrDirectory().resolve("0"));
    Files.createFile(tree.msrDirectory().resolve("0/cpuid"));
    assertThatThrownBy(this::open).hasMessage(expected);

    Files.delete(tree.msrDirectory().resolve("0/cpuid"));
    Files.delete(tree.msrDirectory().resolve("0"));
    Files.delete(tree.msrDirectory());
    assertThatThrownBy(this::open).hasMessage(expected);
  }

  @Test
  void readsDevCpuWhenMsrPathIsNotSet() throws Exception {
    tree.cpuinfo("GenuineIntel", 6, 158, 1, 1, 1);
    MsrSensorProvider provider = new MsrSensorProvider(refusing(AccessDeniedException::new));

    assertThatThrownBy(() -> provider.open(new TestContext(tree.procfs(), Map.of())))
        .isInstanceOf(UnavailableException.class)
        .message()
        .satisfiesAnyOf(
            message -> assertThat(message).startsWith("no MSR device files under /dev/cpu:"),
            message -> assertThat(message).startsWith("reading /dev/cpu/0/msr needs root"));
  }

  @Test
  void failsNamingAnUnknownVendor() throws Exception {
    tree.cpuinfo("CentaurHauls", 6, 15, 1, 1, 1);
    tree.write(0, INTEL_UNIT, INTEL_UNITS_ESU_14).write(0, INTEL_PACKAGE, 1);

    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessage(
            tree.procfs().resolve("cpuinfo")
                + " gives vendor_id CentaurHauls: RAPL registers are read on GenuineIntel and"
                + " AuthenticAMD CPUs only");
  }

  @Test
  void failsForAmdBeforeFamily17h() throws Exception {
    tree.cpuinfo("AuthenticAMD", 0x15, 2, 1, 1, 1);

    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("AMD cpu family 21 (0x15)")
        .hasMessageContaining("from family 17h (Zen) on");
  }

  @Test
  void failsWhenTheUnitRegisterCannotBeRead() throws Exception {
    tree.cpuinfo("GenuineIntel", 6, 158, 1, 1, 1);
    Files.createDirectories(tree.msrFile(0).getParent());
    Files.createFile(tree.msrFile(0));

    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith(
            "cannot read the RAPL unit register 0x606 from " + tree.msrFile(0) + " (")
        .hasMessageEndingWith("): this CPU, or the hypervisor, exposes no RAPL registers");
  }

  @Test
  void failsWhenNoDomainGivesAReading() throws Exception {
    tree.cpuinfo("GenuineIntel", 6, 158, 1, 1, 1);
    tree.write(0, INTEL_UNIT, INTEL_UNITS_ESU_14).write(0, INTEL_PSYS, 0);

    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessage("no RAPL energy register under " + tree.msrDirectory() + " gives a reading");
  }

  @Test
  void reportsNaNOnceClosedAndClosesTwiceQuietly() throws Exception {
    intelTwoPackages(158);
    ScheduledSensor sensor = open();

    sensor.close();
    sensor.close();

    assertThat(read(sensor)).containsOnly(Double.NaN);
  }

  /** 2 packages of 2 cores (CPUs 0, 1 and 2, 3), with package, core and dram counting. */
  private void intelTwoPackages(int model) throws IOException {
    tree.cpuinfo("GenuineIntel", 6, model, 2, 2, 1);
    tree.write(0, INTEL_UNIT, INTEL_UNITS_ESU_14).write(2, INTEL_UNIT, INTEL_UNITS_ESU_14);
    tree.write(0, INTEL_PACKAGE, 1_000).write(0, INTEL_CORE, 2_000).write(0, INTEL_DRAM, 3_000);
    tree.write(2, INTEL_PACKAGE, 4_000).write(2, INTEL_CORE, 5_000).write(2, INTEL_DRAM, 6_000);
  }

  private ScheduledSensor open() throws UnavailableException {
    return openThrough(tree.files());
  }

  private ScheduledSensor openThrough(ReadableFiles files) throws UnavailableException {
    Map<String, String> settings = Map.of("MSR_PATH", tree.msrDirectory().toString());
    ScheduledSensor sensor =
        new MsrSensorProvider(files).open(new TestContext(tree.procfs(), settings));
    opened.push(sensor);
    return sensor;
  }

  /** Files that no one may open: the failure {@code failure} makes of the path. */
  private static ReadableFiles refusing(Function<String, IOException> failure) {
    return path -> {
      throw failure.apply(path.toString());
    };
  }

  /** EPERM, as Java reports it: the msr driver's answer to a caller without CAP_SYS_RAWIO. */
  private static IOException notPermitted(String path) {
    return new FileSystemException(path, null, "Operation not permitted");
  }

  private static double[] read(ScheduledSensor sensor) {
    double[] values = new double[sensor.series().size()];
    sensor.read(values);
    return values;
  }

  private static Series energy(String domain, String device) {
    return Series.energy("msr", domain, device);
  }

  private record TestContext(Path procfs, Map<String, String> settings) implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      return Optional.ofNullable(settings.get(name));
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

package io.jouleflow.agent.sensor.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplSensorProviderTest {

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private Path sysfs;

  @BeforeEach
  void useTemporarySysfs(@TempDir Path folder) {
    sysfs = folder;
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void describesItself() {
    RaplSensorProvider provider = new RaplSensorProvider();

    assertThat(provider.name()).isEqualTo("rapl");
    assertThat(provider.description()).isNotBlank().doesNotContain("\n");
  }

  @Test
  void listsEveryZoneOnceThoughLinuxListsSubzonesNestedAndFlat() throws Exception {
    tree(FakePowercapTree.builder(sysfs).packages(2).subzones("core", "uncore", "dram"));

    ScheduledSensor sensor = open();

    assertThat(sensor.series())
        .containsExactly(
            energy("package", "0"),
            energy("core", "0"),
            energy("uncore", "0"),
            energy("dram", "0"),
            energy("package", "1"),
            energy("core", "1"),
            energy("uncore", "1"),
            energy("dram", "1"));
    assertThat(sensor.series().getFirst().labels())
        .containsExactly(entry("device", "0"), entry("domain", "package"), entry("source", "rapl"));
  }

  @Test
  void findsNestedSubzonesWithoutTheFlatListing() throws Exception {
    tree(FakePowercapTree.builder(sysfs).packages(2).subzones("dram").flatLinks(false));

    assertThat(open().series())
        .containsExactly(
            energy("package", "0"),
            energy("dram", "0"),
            energy("package", "1"),
            energy("dram", "1"));
  }

  @Test
  void ignoresTheMmioViewOfAPackageAlreadyRead() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs).subzones().mmioDuplicate(true));
    tree.setEnergyMicrojoules("intel-rapl:0", 1_000_000);
    tree.setEnergyMicrojoules("intel-rapl-mmio:0", 5_000_000);
    ScheduledSensor sensor = open();

    tree.setEnergyMicrojoules("intel-rapl:0", 3_000_000);
    tree.setEnergyMicrojoules("intel-rapl-mmio:0", 90_000_000);

    assertThat(sensor.series()).containsExactly(energy("package", "0"));
    assertThat(read(sensor)).containsExactly(2.0);
  }

  @Test
  void readsTheMmioZoneWhenNoOtherZoneGivesItsPackage() throws Exception {
    tree(FakePowercapTree.builder(sysfs).subzones().mmioDuplicate(true));
    Files.delete(sysfs.resolve("class/powercap/intel-rapl"));
    Files.delete(sysfs.resolve("class/powercap/intel-rapl:0"));

    assertThat(open().series()).containsExactly(energy("package", "0"));
  }

  @Test
  void reportsPsysAsDevice0() throws Exception {
    tree(FakePowercapTree.builder(sysfs).packages(2).subzones("core").psys(true));

    assertThat(open().series())
        .containsExactly(
            energy("package", "0"),
            energy("core", "0"),
            energy("psys", "0"),
            energy("package", "1"),
            energy("core", "1"));
  }

  @Test
  void skipsZonesOfUnknownName() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs).subzones("core", "dram"));
    Files.writeString(
        tree.zoneDir("intel-rapl:0:0").resolve("name"), "gpu-ish\n", StandardCharsets.US_ASCII);

    assertThat(open().series()).containsExactly(energy("package", "0"), energy("dram", "0"));
  }

  @Test
  void reportsJoulesSinceOpenFromMicrojoules() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs).subzones("dram"));
    tree.setEnergyMicrojoules("package/0", 1_000_000);
    tree.setEnergyMicrojoules("dram/0", 7);
    ScheduledSensor sensor = open();

    assertThat(read(sensor)).containsExactly(0.0, 0.0);
    tree.setEnergyMicrojoules("package/0", 3_500_000);
    tree.setEnergyMicrojoules("dram/0", 8);
    assertThat(read(sensor)).containsExactly(2.5, 0.000001);
    tree.setEnergyMicrojoules("package/0", 3_500_001);
    assertThat(read(sensor)).containsExactly(2.500001, 0.000001);
  }

  @Test
  void correctsAWrapOfTheCounter() throws Exception {
    FakePowercapTree tree =
        tree(FakePowercapTree.builder(sysfs).subzones().maxEnergyRangeMicrojoules(1_000_000));
    tree.setEnergyMicrojoules("package/0", 999_000);
    ScheduledSensor sensor = open();
    assertThat(read(sensor)).containsExactly(0.0);

    tree.setEnergyMicrojoules("package/0", 1_000_000);
    assertThat(read(sensor)).containsExactly(0.001);

    tree.setEnergyMicrojoules("package/0", 1_000_500);
    assertThat(tree.energyMicrojoules("package/0")).isEqualTo(499);
    assertThat(read(sensor)).containsExactly(0.0015);

    tree.setEnergyMicrojoules("package/0", 2_499);
    assertThat(read(sensor)).containsExactly(0.0035);
  }

  @Test
  void keepsCountingThroughManyWrapsAtAFixedPower() throws Exception {
    FakePowercapTree tree =
        tree(
            FakePowercapTree.builder(sysfs)
                .packages(2)
                .powerWatts(200)
                .maxEnergyRangeMicrojoules(1_000_000));
    ScheduledSensor sensor = open();
    read(sensor);

    for (int step = 1; step <= 10; step++) {
      tree.advance(Duration.ofMillis(3));
      double[] values = read(sensor);
      for (double value : values) {
        assertThat(value).isCloseTo(0.6 * step, within(1e-9));
      }
    }
  }

  @Test
  void reportsNaNForUnparsableContentAndCountsOnAfterwards() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs).subzones("dram"));
    tree.setEnergyMicrojoules("package/0", 1_000_000);
    ScheduledSensor sensor = open();

    Files.writeString(tree.energyFile("package/0"), "garbage\n", StandardCharsets.US_ASCII);
    tree.setEnergyMicrojoules("dram/0", 250_000);
    assertThat(read(sensor)).containsExactly(Double.NaN, 0.25);

    Files.writeString(tree.energyFile("package/0"), "", StandardCharsets.US_ASCII);
    assertThat(read(sensor)).containsExactly(Double.NaN, 0.25);

    tree.setEnergyMicrojoules("package/0", 4_000_000);
    assertThat(read(sensor)).containsExactly(3.0, 0.25);
  }

  @Test
  void followsTheDriverThread() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs).packages(2));
    ScheduledSensor sensor = open();
    tree.start(1000);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Arrays.stream(read(sensor)).allMatch(value -> value > 0));
  }

  @Test
  void failsWithTheFixForACounterReadableByRootOnly() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs).packages(2));
    String file = tree.energyFile("package/0").toRealPath().toString();
    RaplSensorProvider provider =
        new RaplSensorProvider(
            path -> {
              throw new AccessDeniedException(path.toString());
            });

    assertThatThrownBy(() -> provider.open(new TestContext(sysfs)))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining(file)
        .hasMessageContaining("CVE-2020-8694")
        .hasMessageContaining("CAP_DAC_READ_SEARCH")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void failsWhenACounterGivesNoNumber() throws Exception {
    FakePowercapTree tree = tree(FakePowercapTree.builder(sysfs));
    Path file = tree.energyFile("dram/0");
    Files.writeString(file, "n/a\n", StandardCharsets.US_ASCII);

    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining(file.toRealPath().toString());
  }

  @Test
  void failsWhenPowercapListsNoZones() throws Exception {
    Path powercap = Files.createDirectories(sysfs.resolve("class/powercap"));
    Files.createDirectories(powercap.resolve("intel-rapl"));

    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessage(
            "no RAPL zones under "
                + powercap
                + ": this machine exposes no powercap energy counters (VM or unsupported CPU)");
  }

  @Test
  void failsWhenThereIsNoPowercapDirectory() {
    assertThatThrownBy(this::open)
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("no powercap directory " + sysfs.resolve("class/powercap") + ":")
        .hasMessageContaining("no RAPL energy counters");
  }

  @Test
  void reportsNaNOnceClosedAndClosesTwiceQuietly() throws Exception {
    tree(FakePowercapTree.builder(sysfs));
    ScheduledSensor sensor = open();

    sensor.close();
    sensor.close();

    assertThat(read(sensor)).containsOnly(Double.NaN);
  }

  private FakePowercapTree tree(FakePowercapTree.Builder builder) throws IOException {
    FakePowercapTree tree = builder.build();
    opened.push(tree);
    return tree;
  }

  private ScheduledSensor open() throws UnavailableException {
    ScheduledSensor sensor = new RaplSensorProvider().open(new TestContext(sysfs));
    opened.push(sensor);
    return sensor;
  }

  private static double[] read(ScheduledSensor sensor) {
    double[] values = new double[sensor.series().size()];
    sensor.read(values);
    return values;
  }

  private static Series energy(String domain, String device) {
    return Series.energy("rapl", domain, device);
  }

  private record TestContext(Path sysfs) implements PluginContext {

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
      return Duration.ofSeconds(1).toNanos();
    }
  }
}

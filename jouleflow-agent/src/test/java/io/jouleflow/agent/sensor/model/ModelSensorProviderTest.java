package io.jouleflow.agent.sensor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSensorProviderTest {

  private static final String UNKNOWN_MODEL = "Intel(R) Xeon(R) CPU @ 2.20GHz";
  private static final double TDP = 100;

  private Path procfs;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final ModelSensorProvider provider =
      new ModelSensorProvider(FakeClock.reading(clock::get));

  @BeforeEach
  void fakeProcfs(@TempDir Path dir) throws IOException {
    procfs = dir;
    writeCpuinfo(UNKNOWN_MODEL);
    writeStat(ticks(100, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
  }

  @Test
  void namesItselfAndExportsOneEnergySeries() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      assertThat(provider.name()).isEqualTo("model");
      assertThat(provider.description()).isNotBlank().doesNotContain("\n");
      assertThat(sensor.series()).containsExactly(Series.energy("model", "package", "0"));
    }
  }

  @Test
  void firstReadingIsZero() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      clock.addAndGet(TimeUnit.SECONDS.toNanos(5));
      assertThat(read(sensor)).isEqualTo(0.0);
    }
  }

  @Test
  void halfUtilisationOverTwoSeconds() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      // busy: user 10 + nice 10 + system 10 + irq 10 + softirq 5 + steal 5 = 50;
      // idle: idle 30 + iowait 20 = 50; guest and guest_nice are inside user and nice already.
      writeStat(ticks(110, 10, 60, 30, 20, 10, 1005, 5, 700, 700), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(2));

      assertThat(read(sensor)).isCloseTo((0.3 * TDP + 0.7 * TDP * 0.5) * 2, within(1e-9));
    }
  }

  @Test
  void idleDrawsThirtyPercentOfTdp() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      writeStat(ticks(100, 0, 50, 150, 50, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(2));

      assertThat(read(sensor)).isCloseTo(0.3 * TDP * 2, within(1e-9));
    }
  }

  @Test
  void fullyBusyDrawsTdp() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      writeStat(ticks(300, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(2));

      assertThat(read(sensor)).isCloseTo(TDP * 2, within(1e-9));
    }
  }

  @Test
  void energyAccumulatesAcrossReadings() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      writeStat(ticks(200, 0, 50, 100, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      read(sensor);
      writeStat(ticks(300, 0, 50, 100, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));

      assertThat(read(sensor)).isCloseTo(0.65 * TDP + 1.0 * TDP, within(1e-9));
    }
  }

  @Test
  void intervalWithoutTicksKeepsThePreviousUtilisation() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      writeStat(ticks(300, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      read(sensor);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));

      assertThat(read(sensor)).isCloseTo(2 * TDP, within(1e-9));
    }
  }

  @Test
  void countersGoingBackwardsCountAsIdleAndNeverDecrease() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      writeStat(ticks(300, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      double before = read(sensor);
      writeStat(ticks(150, 0, 25, 0, 0, 0, 500, 0, 0, 0), 2);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      double after = read(sensor);

      assertThat(before).isCloseTo(TDP, within(1e-9));
      assertThat(after).isCloseTo(before + 0.3 * TDP, within(1e-9));
    }
  }

  @Test
  void tdpFromTheSetting() throws Exception {
    writeCpuinfo("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz");
    try (ScheduledSensor sensor = openWithTdp(150)) {
      assertThat(sensor.toString()).endsWith("TDP 150 W (from TDP_WATTS)");
      read(sensor);
      writeStat(ticks(100, 0, 50, 100, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
      assertThat(read(sensor)).isCloseTo(0.3 * 150 * 2, within(1e-9));
    }
  }

  @Test
  void fractionalTdpFromTheSetting() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(65.5)) {
      assertThat(sensor.toString()).endsWith("TDP 65.5 W (from TDP_WATTS)");
    }
  }

  @Test
  void tdpFromTheTableByModelName() throws Exception {
    String model = "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz";
    writeCpuinfo(model);
    try (ScheduledSensor sensor = provider.open(new FakeContext(procfs, Map.of()))) {
      assertThat(sensor.toString())
          .isEqualTo(
              "estimate from CPU utilisation (%s), TDP 300 W (table entry for '%s')",
              procfs.resolve("stat"), model);
      read(sensor);
      writeStat(ticks(300, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(read(sensor)).isCloseTo(300, within(1e-9));
    }
  }

  @Test
  void tdpTableMatchesPublishedModelsOnly() {
    TdpTable table = TdpTable.builtIn();

    assertThat(table.size()).isGreaterThanOrEqualTo(15);
    assertThat(table.wattsFor("AMD EPYC 7763 64-Core Processor")).hasValue(280);
    assertThat(table.wattsFor("AMD EPYC 9654 96-Core Processor")).hasValue(360);
    assertThat(table.wattsFor("intel(r) xeon(r) platinum 8259cl cpu @ 2.50ghz")).hasValue(210);
    assertThat(table.wattsFor("12th Gen Intel(R) Core(TM) i7-12700")).hasValue(65);
    assertThat(table.wattsFor("12th Gen Intel(R) Core(TM) i7-12700K")).isEmpty();
    assertThat(table.wattsFor("Intel(R) Xeon(R) Platinum 8480+")).hasValue(350);
    assertThat(table.wattsFor(UNKNOWN_MODEL)).isEmpty();
  }

  @Test
  void tdpDefaultsToTenWattsPerLogicalCpu() throws Exception {
    writeStat(ticks(100, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 8);
    try (ScheduledSensor sensor = provider.open(new FakeContext(procfs, Map.of()))) {
      assertThat(sensor.toString())
          .isEqualTo(
              "estimate from CPU utilisation (%s), TDP 80 W (10 W × 8 logical CPUs;"
                  + " no table entry for '%s')",
              procfs.resolve("stat"), UNKNOWN_MODEL);
    }
  }

  @Test
  void tdpDefaultSaysWhenCpuinfoHasNoModelName() throws Exception {
    Files.writeString(procfs.resolve("cpuinfo"), "processor\t: 0\nCPU implementer\t: 0x41\n");
    try (ScheduledSensor sensor = provider.open(new FakeContext(procfs, Map.of()))) {
      assertThat(sensor.toString())
          .endsWith(
              "TDP 40 W (10 W × 4 logical CPUs; no 'model name' in "
                  + procfs.resolve("cpuinfo")
                  + ")");
    }
  }

  @Test
  void tdpDefaultIsAtLeastTenWatts() throws Exception {
    writeStat(ticks(100, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 0);
    Files.delete(procfs.resolve("cpuinfo"));
    try (ScheduledSensor sensor = provider.open(new FakeContext(procfs, Map.of()))) {
      assertThat(sensor.toString()).contains("TDP 10 W (10 W, no cpuN lines in ");
    }
  }

  @Test
  void missingStatIsUnavailableNamingTheFile() throws IOException {
    Files.delete(procfs.resolve("stat"));

    assertThatThrownBy(() -> provider.open(new FakeContext(procfs, Map.of())))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("cannot open " + procfs.resolve("stat") + ": no such file");
  }

  @Test
  void malformedStatIsUnavailableNamingTheFile() throws IOException {
    writeInPlace(procfs.resolve("stat"), "intr 1 2 3\ncpu  1 2 3 4\n");

    assertThatThrownBy(() -> provider.open(new FakeContext(procfs, Map.of())))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith(procfs.resolve("stat").toString())
        .hasMessageNotContaining("\n");
  }

  @Test
  void statWithTooFewNumbersIsUnavailable() throws IOException {
    writeInPlace(procfs.resolve("stat"), "cpu  1 2 3\n");

    assertThatThrownBy(() -> provider.open(new FakeContext(procfs, Map.of())))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining(procfs.resolve("stat").toString());
  }

  @Test
  void readFailureGivesNanAndTheNextGoodReadingCoversTheGap() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      writeInPlace(procfs.resolve("stat"), "cpu  garbage\n");
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(read(sensor)).isNaN();
      writeInPlace(procfs.resolve("stat"), "");
      assertThat(read(sensor)).isNaN();

      writeStat(ticks(300, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(read(sensor)).isCloseTo(2 * TDP, within(1e-9));
    }
  }

  @Test
  void interruptDuringReadGivesNanThenTheFileIsReopened() throws Exception {
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      read(sensor);
      Thread.currentThread().interrupt();
      double interrupted = read(sensor);
      boolean flagKept = Thread.interrupted();

      writeStat(ticks(300, 0, 50, 0, 0, 0, 1000, 0, 0, 0), 4);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(interrupted).isNaN();
      assertThat(flagKept).isTrue();
      assertThat(read(sensor)).isCloseTo(TDP, within(1e-9));
    }
  }

  @Test
  void readAfterCloseGivesNanWithoutThrowing() throws Exception {
    ScheduledSensor sensor = openWithTdp(TDP);
    read(sensor);
    sensor.close();

    assertThat(read(sensor)).isNaN();
    sensor.close();
  }

  @Test
  void statWithoutTrailingNewlineIsRead() throws Exception {
    writeInPlace(procfs.resolve("stat"), "cpu  1 2 3 4");
    try (ScheduledSensor sensor = openWithTdp(TDP)) {
      assertThat(read(sensor)).isEqualTo(0.0);
    }
  }

  @Test
  void invalidTdpSettingIsUnavailable() {
    FakeContext context = new FakeContext(procfs, Map.of("TDP_WATTS", "-3"));

    assertThatThrownBy(() -> provider.open(context))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("TDP_WATTS must be watts in 1..5000, got '-3'");
  }

  private ScheduledSensor openWithTdp(double watts) throws UnavailableException {
    return provider.open(new FakeContext(procfs, Map.of("TDP_WATTS", Double.toString(watts))));
  }

  private static double read(ScheduledSensor sensor) {
    double[] values = new double[sensor.series().size()];
    sensor.read(values);
    return values[0];
  }

  private static long[] ticks(long... fields) {
    return fields;
  }

  /** A stat file: the aggregate line with {@code fields}, then {@code cpus} per-CPU lines. */
  private void writeStat(long[] fields, int cpus) throws IOException {
    StringBuilder text = new StringBuilder("cpu ");
    for (long field : fields) {
      text.append(' ').append(field);
    }
    text.append('\n');
    for (int cpu = 0; cpu < cpus; cpu++) {
      text.append("cpu").append(cpu).append(" 1 0 1 1 0 0 0 0 0 0\n");
    }
    text.append("intr 12345 0 0 0\nctxt 6789\nbtime 1700000000\nprocesses 42\n");
    writeInPlace(procfs.resolve("stat"), text.toString());
  }

  private void writeCpuinfo(String model) throws IOException {
    Files.writeString(
        procfs.resolve("cpuinfo"),
        String.join(
            "\n",
            List.of(
                "processor\t: 0",
                "vendor_id\t: GenuineIntel",
                "model name\t: " + model,
                "",
                "processor\t: 1",
                "model name\t: " + model,
                "")));
  }

  /** Rewrites {@code file} through the same inode, as the sensor keeps it open. */
  private static void writeInPlace(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      long position = 0;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.truncate(bytes.length);
    }
  }
}

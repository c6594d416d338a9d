package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.agent.attribution.AttributionUnavailableException;
import io.jouleflow.agent.attribution.CommandCgroup;
import io.jouleflow.agent.fixture.FakePowercapTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jouleflow measure} in a real cgroup of this machine (v2 where writable, else v1 cpuacct),
 * with a fake powercap tree at a constant 40 W over 2 CPUs: a command that burns CPU gets the CPU
 * seconds its own shell counted and its share by the rule; {@code sleep 2} gets almost nothing.
 */
class MeasureCgroupIT {

  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final double WATTS = 40;
  private static final int CPUS = 2;
  private static final String NAME = "jouleflow-measure-" + ProcessHandle.current().pid();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void cgroupsAreWritable() {
    String reason = null;
    try (CommandCgroup probe =
        CommandCgroup.create(
            CGROUPS, Path.of("/proc/self/cgroup"), ProcessHandle.current().pid())) {
      probe.remove();
    } catch (AttributionUnavailableException e) {
      reason = "no writable cgroup here: " + e.getMessage();
    }
    Assumptions.assumeTrue(reason == null, reason);
  }

  @AfterEach
  void theCgroupIsRemoved() throws IOException {
    try (Stream<Path> found = Files.find(CGROUPS, 8, (path, attributes) -> isOurs(path))) {
      assertThat(found.toList()).isEmpty();
    }
  }

  @Test
  void aCommandThatBurnsCpuGetsItsCpuSecondsAndItsShare() throws Exception {
    Path times = dir.resolve("times");
    String json =
        measure(
            "sh",
            "-c",
            "i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; times > \"$1\"",
            "burn",
            times.toString());

    double ownCpu = shellCpuSeconds(Files.readString(times));
    double cpuSeconds = number(json, "cpu_seconds").getFirst();
    assertThat(ownCpu).as("the loop's own CPU time").isGreaterThan(0.3);
    assertThat(cpuSeconds).isCloseTo(ownCpu, within(Math.max(0.05, ownCpu * 0.1)));
    List<Double> joules = number(json, "joules");
    List<Double> commandJoules = number(json, "command_joules");
    assertThat(commandJoules).hasSize(3); // package, dram, total
    for (int i = 0; i < commandJoules.size(); i++) {
      assertThat(commandJoules.get(i)).isPositive().isLessThanOrEqualTo(joules.get(i));
    }
    // constant power: each interval gives the command P × Δcpu / N, so in all P × cpu / N
    assertThat(commandJoules.getFirst())
        .isCloseTo(WATTS * cpuSeconds / CPUS, Percentage.withPercentage(5));
    assertThat(err.toString()).doesNotContain("no cgroup");
  }

  @Test
  void sleepGetsAlmostNothing() throws Exception {
    String json = measure("sleep", "2");

    assertThat(number(json, "cpu_seconds").getFirst()).isLessThan(0.1);
    List<Double> joules = number(json, "joules");
    List<Double> commandJoules = number(json, "command_joules");
    assertThat(commandJoules).hasSize(3);
    for (int i = 0; i < commandJoules.size(); i++) {
      assertThat(joules.get(i)).isGreaterThan(WATTS);
      assertThat(commandJoules.get(i)).isGreaterThanOrEqualTo(0).isLessThan(joules.get(i) * 0.05);
    }
  }

  @Test
  void aCgroupThatABackgroundChildKeepsIsLeftAndSaidSo() throws Exception {
    Path pidFile = dir.resolve("pid");
    measure("sh", "-c", "sleep 120 >/dev/null 2>&1 & echo $! > \"$1\"", "bg", pidFile.toString());

    Matcher left =
        Pattern.compile(
                "jouleflow measure: (/\\S+/"
                    + NAME
                    + ") still holds processes the command left running; left in place: remove"
                    + " it with rmdir once they have ended\n")
            .matcher(err.toString());
    assertThat(left.find()).as(err.toString()).isTrue();
    Path cgroup = Path.of(left.group(1));
    ProcessHandle child =
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
    child.destroy();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              Files.deleteIfExists(cgroup);
              return true;
            });
  }

  private String measure(String... command) throws IOException {
    Path report = dir.resolve("report.json");
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys"))
            .packages(1)
            .subzones("dram")
            .powerWatts(WATTS)
            .build()
            .start(1000)) {
      Path online = tree.root().resolve("devices/system/cpu/online");
      Files.createDirectories(online.getParent());
      Files.writeString(online, "0-" + (CPUS - 1) + "\n");
      List<String> args =
          new ArrayList<>(List.of("measure", "--format", "json", "--output", report.toString()));
      args.add("--");
      args.addAll(List.of(command));
      int status =
          new CommandLineRunner(
                  Map.of(
                      "SYSFS_PATH", tree.root().toString(),
                      "SENSORS", "rapl",
                      "SCRAPE_INTERVAL_SECONDS", "0.01",
                      "ATTRIBUTION_INTERVAL_SECONDS", "0.1"),
                  new PrintWriter(out, true),
                  new PrintWriter(err, true))
              .run(args.toArray(String[]::new));
      assertThat(status).as(err.toString()).isZero();
    }
    return Files.readString(report);
  }

  private static boolean isOurs(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().equals(NAME);
  }

  /** The user and system time on the first line of the shell's {@code times}. */
  private static double shellCpuSeconds(String times) {
    Matcher matcher =
        Pattern.compile("(\\d+)m([0-9.]+)s").matcher(times.lines().findFirst().orElse(""));
    double seconds = 0;
    while (matcher.find()) {
      seconds += Integer.parseInt(matcher.group(1)) * 60 + Double.parseDouble(matcher.group(2));
    }
    return seconds;
  }

  private static List<Double> number(String json, String field) {
    Matcher matcher = Pattern.compile("\"" + field + "\":([0-9.eE-]+)").matcher(json);
    List<Double> numbers = new ArrayList<>();
    while (matcher.find()) {
      numbers.add(Double.parseDouble(matcher.group(1)));
    }
    assertThat(numbers).as(field + " in " + json).isNotEmpty();
    return numbers;
  }
}

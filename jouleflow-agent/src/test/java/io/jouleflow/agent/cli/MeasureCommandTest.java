package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.FakePowercapTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jouleflow measure} on a fake powercap tree that a driver thread advances at 40 W. */
class MeasureCommandTest {

  private static final double WATTS = 40;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void sleepTwoSecondsReportsPowerTimesTimeWithinTwoPercent() throws Exception {
    Path report = dir.resolve("report.json");
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys"))
            .packages(1)
            .subzones("dram")
            .powerWatts(WATTS)
            .build()
            .start(1000)) {
      int status =
          run(
              Map.of(
                  "SYSFS_PATH",
                  tree.root().toString(),
                  "SENSORS",
                  "rapl",
                  "SCRAPE_INTERVAL_SECONDS",
                  "0.01"),
              "measure",
              "--format",
              "json",
              "--output",
              report.toString(),
              "--",
              "sleep",
              "2");
      assertThat(status).isZero();
    }
    String json = Files.readString(report);
    double duration = number(json, "duration_seconds");
    assertThat(duration).isBetween(2.0, 2.5);
    assertThat(json).contains("\"exit_code\":0").contains("\"command\":[\"sleep\",\"2\"]");
    Matcher domains =
        Pattern.compile(
                "\\{\"device\":\"0\",\"domain\":\"(package|dram)\",\"source\":\"rapl\","
                    + "\"joules\":([0-9.]+),\"window_seconds\":([0-9.]+),\"watts\":([0-9.]+)[,}]")
            .matcher(json);
    int found = 0;
    while (domains.find()) {
      found++;
      double joules = Double.parseDouble(domains.group(2));
      double window = Double.parseDouble(domains.group(3));
      assertThat(window).isGreaterThanOrEqualTo(duration - 0.002);
      assertThat(joules)
          .isCloseTo(WATTS * window, org.assertj.core.data.Percentage.withPercentage(2));
      assertThat(Double.parseDouble(domains.group(4)))
          .isCloseTo(joules / window, org.assertj.core.data.Offset.offset(0.02));
    }
    assertThat(found).isEqualTo(2);
  }

  @Test
  void exitsWithTheCommandsStatusAndPrintsATextReport() throws Exception {
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys")).packages(1).subzones().build().start(100)) {
      int status =
          run(Map.of("SYSFS_PATH", tree.root().toString()), "measure", "sh", "-c", "exit 3");
      assertThat(status).isEqualTo(3);
    }
    assertThat(err.toString())
        .startsWith("jouleflow measure: sh -c 'exit 3' exited with status 3 after ")
        .contains("source   domain   device        joules  window_seconds       watts")
        .containsPattern(
            "rapl +package +0 +[0-9]+\\.[0-9]{3} +[0-9]+\\.[0-9]{3} +[0-9]+\\.[0-9]{3}")
        .containsPattern("total +[0-9]+\\.[0-9]{3} ");
  }

  @Test
  void whereNoCgroupCanBeMadeOneLineSaysSoAndTheMachineIsReported() throws Exception {
    Path noCgroups = Files.createDirectories(dir.resolve("no-cgroups"));
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys")).packages(1).subzones().build().start(100)) {
      int status =
          run(
              Map.of("SYSFS_PATH", tree.root().toString(), "CGROUP_PATH", noCgroups.toString()),
              "measure",
              "true");
      assertThat(status).isZero();
    }
    assertThat(err.toString())
        .startsWith(
            "jouleflow measure: no cgroup for the command, so the report has the machine's energy only:"
                + " no cgroup v2 or v1 cpuacct hierarchy under "
                + noCgroups
                + "\njouleflow measure: true exited with status 0 after ")
        .contains("the machine's energy only: the command ran without a cgroup of its own\n")
        .doesNotContain("command_joules");
  }

  @Test
  void attributionOffMeasuresTheMachineOnly() {
    int status = run(Map.of("SENSORS", "model", "ATTRIBUTION_LEVEL", "off"), "measure", "true");
    assertThat(status).isZero();
    assertThat(err.toString())
        .startsWith(
            "jouleflow measure: ATTRIBUTION_LEVEL=off: reporting the machine's energy only, not the"
                + " command's share\n")
        .doesNotContain("command_joules");
  }

  @Test
  void aCommandThatCannotStartExits127() {
    int status = run(Map.of("SENSORS", "model"), "measure", "--", "/no/such/program");
    assertThat(status).isEqualTo(127);
    assertThat(err.toString()).startsWith("jouleflow measure: cannot run '/no/such/program': ");
  }

  @Test
  void aReportThatCannotBeWrittenIsOneLineAndStatusTwoBeforeTheCommandRuns() {
    Path missing = dir.resolve("no-such-folder/report.txt");
    Path ran = dir.resolve("ran");
    int status =
        run(
            Map.of("SENSORS", "model", "ATTRIBUTION_LEVEL", "off"),
            "measure",
            "--output",
            missing.toString(),
            "--",
            "touch",
            ran.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jouleflow measure: --output '"
                + missing
                + "' cannot be written: its folder does not exist; accepted: a file in an"
                + " existing folder this user can write\n");
    assertThat(ran).doesNotExist();
  }

  @Test
  void aBadFormatIsOneLineAndStatusTwo() {
    assertThat(run(Map.of(), "measure", "--format", "xml", "--", "true")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("jouleflow measure: --format is 'xml'; accepted: text, json or csv\n");
  }

  @Test
  void sensorsListsWhatIsAvailableAndWhy() throws Exception {
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys")).packages(2).subzones("dram").build()) {
      assertThat(run(Map.of("SYSFS_PATH", tree.root().toString()), "sensors")).isZero();
    }
    assertThat(out.toString())
        .containsPattern("rapl +available +package \\(0, 1\\), dram \\(0, 1\\)")
        .containsPattern("model +available +package \\(0\\)")
        .contains("SENSORS=auto runs: rapl");
  }

  private static double number(String json, String field) {
    Matcher matcher = Pattern.compile("\"" + field + "\":([0-9.]+)").matcher(json);
    assertThat(matcher.find()).as(field).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private int run(Map<String, String> environment, String... args) {
    return new CommandLineRunner(
            environment, new PrintWriter(out, true), new PrintWriter(err, true))
        .run(args);
  }
}

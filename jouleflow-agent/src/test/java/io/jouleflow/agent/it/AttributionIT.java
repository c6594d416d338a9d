package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Energy per workload on real cgroups of this machine: two cgroups burn CPU time in a known 3:1
 * ratio while the agent samples a fake powercap tree at a constant power; the energy a real
 * Prometheus stores for them keeps that ratio. Pushed, a workload that goes away ends with the
 * staleness marker. Skipped, with the reason, where no writable cgroup v2 hierarchy exists.
 */
class AttributionIT {

  private static final double WATTS = 40;
  private static final int TICKS_A = 150; // CPU time in clock ticks (USER_HZ = 100 on Linux)
  private static final int TICKS_B = 50;

  /** Burns $1 clock ticks of CPU time in this shell (user + system), with builtins only. */
  private static final String BURNER =
      """
      target=$1
      while :; do
        read -r line < /proc/$$/stat
        set -- $line
        [ $((${14} + ${15})) -ge "$target" ] && exit 0
        i=0
        while [ $i -lt 2000 ]; do i=$((i + 1)); done
      done
      """;

  @TempDir Path dir;

  private Path hierarchy = Path.of("/");
  private final List<Path> cgroups = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void findWritableHierarchy() {
    Path root = Path.of("/sys/fs/cgroup");
    Path unified = root.resolve("unified");
    if (Files.exists(root.resolve("cgroup.controllers"))) {
      hierarchy = root;
    } else if (Files.exists(unified.resolve("cgroup.controllers"))) {
      hierarchy = unified;
    } else {
      Assumptions.abort("no cgroup v2 hierarchy at " + root + " or " + unified);
    }
    Assumptions.assumeTrue(
        Files.isWritable(hierarchy), "cgroup v2 hierarchy " + hierarchy + " is not writable here");
  }

  @AfterEach
  void removeCgroups() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (Path cgroup : cgroups) {
      Files.deleteIfExists(cgroup);
    }
  }

  @Test
  void cpuTimeInARatioOfThreeToOneGetsEnergyInTheSameRatioInPrometheus() throws Exception {
    Path a = cgroup("a");
    Path b = cgroup("b");
    try (FakePowercapTree tree = tree();
        Agent agent = startAgent(tree.root(), Map.of());
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prom"), PrometheusServer.scrapeJob(agent.port(), "it"))) {
      awaitSeriesOf(agent.port(), a);
      Process burnA = burn(a, TICKS_A);
      Process burnB = burn(b, TICKS_B);
      assertThat(burnA.waitFor(120, TimeUnit.SECONDS)).as("burner in a finished").isTrue();
      assertThat(burnB.waitFor(120, TimeUnit.SECONDS)).as("burner in b finished").isTrue();
      double cpuA = usageSeconds(a);
      double cpuB = usageSeconds(b);
      assertThat(cpuA / cpuB).as("CPU time ratio the loads made").isBetween(2.85, 3.15);

      await("the ratio of the energies in Prometheus")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                double energyA = stored(prometheus, a);
                double energyB = stored(prometheus, b);
                assertThat(energyA / energyB)
                    .as("energy ratio (a %.3f J, b %.3f J) against CPU ratio", energyA, energyB)
                    .isBetween(cpuA / cpuB * 0.95, cpuA / cpuB * 1.05);
              });
      assertThat(
              prometheus.scalar(
                  "count(jouleflow_workload_energy_joules_total{kind=\"idle\",workload=\"idle\"})"))
          .as("idle series, one per energy series")
          .isEqualTo(2);
      assertThat(
              prometheus.scalar(
                  "count(jouleflow_workload_energy_joules_total{cgroup=\""
                      + relative(a)
                      + "\",workload=\""
                      + a.getFileName()
                      + "\",kind=\"other\",source=\"rapl\"})"))
          .as("series of cgroup a, package and dram")
          .isEqualTo(2);
    }
  }

  @Test
  void aPushedWorkloadThatGoesAwayEndsWithTheStalenessMarker() throws Exception {
    Path gone = cgroup("gone");
    try (FakePowercapTree tree = tree();
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), "", "--web.enable-remote-write-receiver");
        Agent agent =
            startAgent(
                tree.root(),
                Map.of(
                    "EXPORT_MODE", "push",
                    "REMOTE_WRITE_URL", prometheus.url() + "/api/v1/write",
                    "PUSH_INTERVAL_S", "0.5"))) {
      String series = "jouleflow_workload_energy_joules_total{cgroup=\"" + relative(gone) + "\"}";
      await("the workload's series in Prometheus")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> prometheus.query(series).size() == 2);
      Files.delete(gone);
      cgroups.remove(gone);
      await("the workload's series ended by the staleness marker")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> prometheus.query(series).isEmpty());
      assertThat(prometheus.query("count_over_time(" + series + "[10m])"))
          .as("samples stored before it ended")
          .hasSize(2)
          .allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(2));
      assertThat(agent.port()).isPositive();
    }
  }

  private Path cgroup(String name) throws IOException {
    Path cgroup = hierarchy.resolve("jouleflow-it-" + ProcessHandle.current().pid() + "-" + name);
    Files.createDirectory(cgroup);
    cgroups.add(cgroup);
    return cgroup;
  }

  private String relative(Path cgroup) {
    return hierarchy.relativize(cgroup).toString();
  }

  private FakePowercapTree tree() throws IOException {
    return FakePowercapTree.builder(dir.resolve("sys"))
        .packages(1)
        .subzones("dram")
        .powerWatts(WATTS)
        .build()
        .start(1000);
  }

  private static Agent startAgent(Path sysfs, Map<String, String> more) throws Exception {
    Map<String, String> environment = new HashMap<>(more);
    environment.putAll(
        Map.of(
            "ATTRIBUTION_INTERVAL_SECONDS", "0.5",
            // The host may hold hundreds of other cgroups (a bench's 500 pods): beyond
            // MAX_WORKLOADS the test's own, idle until it burns, would fold into "other".
            "MAX_WORKLOADS", "2000"));
    return RaplAgents.start(sysfs, environment);
  }

  /** Starts the burner in {@code cgroup}: the shell enters it before it execs the burner. */
  private Process burn(Path cgroup, int ticks) throws IOException {
    Path script = dir.resolve("burn.sh");
    if (!Files.exists(script)) {
      Files.writeString(script, BURNER);
    }
    Process process =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "echo $$ > \"$1\" && shift && exec /bin/sh \"$@\"",
                "sh",
                cgroup.resolve("cgroup.procs").toString(),
                script.toString(),
                Integer.toString(ticks))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("burn-" + cgroup.getFileName() + ".log").toFile())
            .start();
    processes.add(process);
    return process;
  }

  private static double usageSeconds(Path cgroup) throws IOException {
    for (String line : Files.readAllLines(cgroup.resolve("cpu.stat"))) {
      if (line.startsWith("usage_usec ")) {
        return Long.parseLong(line.substring("usage_usec ".length()).strip()) / 1e6;
      }
    }
    throw new IllegalStateException("no usage_usec in " + cgroup.resolve("cpu.stat"));
  }

  private double stored(PrometheusServer prometheus, Path cgroup) throws Exception {
    return prometheus.scalar(
        "max_over_time(jouleflow_workload_energy_joules_total{domain=\"package\",cgroup=\""
            + relative(cgroup)
            + "\"}[10m])");
  }

  /** Waits until the agent serves a series of {@code cgroup}: it has been found and read once. */
  private void awaitSeriesOf(int port, Path cgroup) {
    String label = "cgroup=\"" + relative(cgroup) + "\"";
    await("the agent's series of " + cgroup)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> scrape(port).contains(label));
  }

  private String scrape(int port) throws IOException, InterruptedException {
    return client
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics?consumer=probe"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

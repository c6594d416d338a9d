package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.fixture.VictoriaMetricsServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process pushing with {@code SPOOL_DIR} set to a receiver that is down, SIGKILLed in the
 * middle of the outage and started again on the same folder, then the receiver started: every
 * sample taken before the kill is stored, once, but for those of the last {@code 20 ms} the spool
 * follows the ring by. Push mode serves no counters, so "taken" is reckoned from the stored span:
 * one sample per interval from the first stored one to the kill, give or take a tick of rounding
 * and one the sampler may skip under load. So it catches a spool lost or not replayed, the first
 * push's request lost, or more than a couple of rows lost; a single 20 ms request lost is below its
 * resolution (SpoolTest and SpoolShipperTest count those exactly).
 */
class SpoolCrashIT {

  private static final int SERIES = 6;
  private static final long INTERVAL_MS = 100;
  private static final String ENERGY = "jouleflow_energy_joules_total";
  private static final Pattern PROM_SERIES =
      Pattern.compile("\"metric\":(\\{[^}]*\\}),\"values\":\\[(.*?)\\]\\]");
  private static final Pattern PROM_TIME = Pattern.compile("\\[([0-9.]+),");
  private static final Pattern VM_SERIES =
      Pattern.compile("\"metric\":(\\{[^}]*\\}).*?\"timestamps\":\\[([^\\]]*)\\]");

  @TempDir Path dir;

  @Test
  void prometheusStoresEverySampleTakenBeforeTheKill() throws Exception {
    int port = PrometheusServer.freePort();
    Outage outage = outage(port);
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("prom"), port, "", "--web.enable-remote-write-receiver")) {
      outage.assertStored(() -> prometheusTimestamps(prometheus));
    } finally {
      outage.stop();
    }
  }

  @Test
  void victoriaMetricsStoresEverySampleTakenBeforeTheKill() throws Exception {
    int port = PrometheusServer.freePort();
    Outage outage = outage(port);
    try (VictoriaMetricsServer victoria = VictoriaMetricsServer.start(dir.resolve("vm"), port)) {
      outage.assertStored(() -> victoriaTimestamps(victoria));
    } finally {
      outage.stop();
    }
  }

  /**
   * Runs the first agent against the port nobody listens on yet, kills it with SIGKILL after 6 s,
   * and starts a second one on the same spool; the receiver is still down when this returns.
   */
  private Outage outage(int port) throws Exception {
    FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys"))
            .packages(2)
            .subzones("core", "dram")
            .powerWatts(50)
            .build()
            .start(1000);
    Path spool = dir.resolve("spool");
    Process first = agent(tree.root(), port, spool, "first");
    awaitSpooled(spool);
    pause(Duration.ofSeconds(6));
    long killedAt = System.currentTimeMillis();
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);
    Process second = agent(tree.root(), port, spool, "second");
    pause(Duration.ofSeconds(2));
    return new Outage(tree, second, killedAt);
  }

  private Process agent(Path sysfs, int port, Path spool, String name) throws IOException {
    return AgentProcess.launch(
            AgentProcess.BIN,
            Map.of(
                "JOULEFLOW_JAR",
                AgentProcess.JAR.toString(),
                "SENSORS",
                "rapl",
                "SYSFS_PATH",
                sysfs.toString(),
                "EXPORT_MODE",
                "push",
                "REMOTE_WRITE_URL",
                "http://127.0.0.1:" + port + "/api/v1/write",
                "SCRAPE_INTERVAL_SECONDS",
                "" + INTERVAL_MS / 1000.0,
                "PUSH_INTERVAL_S",
                "1",
                "REMOTE_WRITE_TIMEOUT_S",
                "2",
                "SPOOL_DIR",
                spool.toString()),
            dir.resolve(name + ".log"))
        .process;
  }

  /** Waits until the first failed push has put a request into the spool. */
  private static void awaitSpooled(Path spool) {
    await("a request in the spool")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> spoolBytes(spool) > 100);
  }

  private static long spoolBytes(Path spool) throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }

  /** Each series' stored sample timestamps in milliseconds, by its labels. */
  private interface Stored {
    Map<String, List<Long>> timestamps() throws Exception;
  }

  private record Outage(FakePowercapTree tree, Process second, long killedAt) {

    void assertStored(Stored stored) throws Exception {
      await("the spooled samples and the second agent's stored")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> afterTheKill(stored.timestamps()));
      Map<String, List<Long>> all = stored.timestamps();
      assertThat(all).hasSize(SERIES);
      long lower = Long.MAX_VALUE;
      for (Map.Entry<String, List<Long>> series : all.entrySet()) {
        List<Long> before = series.getValue().stream().filter(t -> t <= killedAt).toList();
        assertThat(before).as("%s: stored once each", series.getKey()).doesNotHaveDuplicates();
        assertThat(before).as("%s: before the kill", series.getKey()).isNotEmpty();
        long taken = (killedAt - before.getFirst()) / INTERVAL_MS + 1;
        assertThat((long) before.size())
            .as(
                "%s: samples stored from the first (%d) to the kill (%d), one every %d ms, but"
                    + " those of the last 20 ms, one of rounding and one tick the sampler may"
                    + " skip under load",
                series.getKey(), before.getFirst(), killedAt, INTERVAL_MS)
            .isBetween(taken - 3, taken + 1);
        lower = Math.min(lower, before.size());
      }
      assertThat(lower).as("samples of each series before the kill").isGreaterThan(40);
    }

    /** Whether every series has a sample of the second agent, sent after the spool's. */
    private boolean afterTheKill(Map<String, List<Long>> timestamps) {
      return timestamps.size() == SERIES
          && timestamps.values().stream().allMatch(t -> t.getLast() > killedAt);
    }

    void stop() throws InterruptedException {
      second.destroy();
      if (!second.waitFor(10, TimeUnit.SECONDS)) {
        second.destroyForcibly().waitFor();
      }
      tree.close();
    }
  }

  private static Map<String, List<Long>> prometheusTimestamps(PrometheusServer prometheus)
      throws Exception {
    String body =
        prometheus
            .get(
                "/api/v1/query?query="
                    + URLEncoder.encode(ENERGY + "[10m]", StandardCharsets.UTF_8))
            .body();
    Map<String, List<Long>> all = new TreeMap<>();
    Matcher series = PROM_SERIES.matcher(body);
    while (series.find()) {
      List<Long> times = new ArrayList<>();
      Matcher time = PROM_TIME.matcher(series.group(2) + "]");
      while (time.find()) {
        times.add(Math.round(Double.parseDouble(time.group(1)) * 1000));
      }
      all.put(series.group(1), times);
    }
    return all;
  }

  private static Map<String, List<Long>> victoriaTimestamps(VictoriaMetricsServer victoria)
      throws Exception {
    String body =
        victoria
            .get(
                "/api/v1/export?start=0&match[]="
                    + URLEncoder.encode(ENERGY, StandardCharsets.UTF_8))
            .body();
    Map<String, List<Long>> all = new TreeMap<>();
    for (String line : body.lines().toList()) {
      Matcher series = VM_SERIES.matcher(line);
      if (series.find()) {
        List<Long> times = new ArrayList<>();
        for (String time : series.group(2).split(",")) {
          if (!time.isBlank()) {
            times.add(Long.parseLong(time.strip()));
          }
        }
        times.sort(null);
        all.merge(
            series.group(1),
            times,
            (a, b) -> Stream.concat(a.stream(), b.stream()).sorted().toList());
      }
    }
    return all;
  }
}

package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull path end to end: a fake powercap tree driven at a known power, with counters that wrap
 * every few seconds, sampled at 100 ms by the agent and scraped by two real Prometheus servers (an
 * HA pair, told apart by the {@code consumer} parameter), while the test cuts scrapes off.
 */
class PullIT {

  private static final double WATTS = 50;
  private static final long WRAP_MICROJOULES = 150_000_000L; // wraps every 3 s at 50 W
  private static final int SERIES = 6;
  private static final Duration RUN = Duration.ofSeconds(22);

  @TempDir Path dir;

  @Test
  void twoPrometheusServersEachStoreEverySampleAcrossWrapsAndCutOffScrapes() throws Exception {
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys"))
                .packages(2)
                .subzones("core", "dram")
                .powerWatts(WATTS)
                .maxEnergyRangeMicrojoules(WRAP_MICROJOULES)
                .build()
                .start(1000);
        Agent agent = startAgent(tree.root());
        PrometheusServer a =
            PrometheusServer.start(dir.resolve("prom-a"), job(agent, "prom-a", 1));
        PrometheusServer b =
            PrometheusServer.start(dir.resolve("prom-b"), job(agent, "prom-b", 2))) {
      long start = System.currentTimeMillis();
      long deadline = start + RUN.toMillis();
      while (System.currentTimeMillis() < deadline) {
        cutOffScrape(agent.port(), "prom-a");
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      }
      agent.sampler().close(Duration.ofSeconds(2));
      long ticks = agent.sampler().stats().ticks();
      long taken = agent.sampler().stats().samples();
      assertThat(taken).isEqualTo(ticks * SERIES);
      assertThat(ticks).isGreaterThanOrEqualTo(RUN.toMillis() / 100 - 5);

      for (PrometheusServer prometheus : List.of(a, b)) {
        awaitAllStored(prometheus, taken);
        double fraction = stored(prometheus) / (double) taken;
        assertThat(fraction)
            .as("fraction stored by " + prometheus.url())
            .isGreaterThanOrEqualTo(0.999);
        assertThat(prometheus.scalar("sum(resets(jouleflow_energy_joules_total[10m]))"))
            .as("counter resets across %d wraps", RUN.toSeconds() / 3)
            .isZero();
        double middle = (start + RUN.toMillis() / 2) / 1000.0;
        List<Double> watts = prometheus.queryAt("rate(jouleflow_energy_joules_total[5s])", middle);
        assertThat(watts)
            .hasSize(SERIES)
            .allSatisfy(rate -> assertThat(rate).isBetween(WATTS * 0.99, WATTS * 1.01));
      }
    }
  }

  private Agent startAgent(Path sysfs) throws Exception {
    return Agent.start(
        SettingsLoader.load(
            Map.of(
                "SYSFS_PATH", sysfs.toString(),
                "SENSORS", "rapl",
                "EXPORTER_PORT", "0",
                "EXPORTER_ADDRESS", "127.0.0.1",
                "SCRAPE_INTERVAL_SECONDS", "0.1"),
            Map.of()),
        "test");
  }

  /** Waits for Prometheus to hold every sample; on a time-out says what it holds and why. */
  private static void awaitAllStored(PrometheusServer prometheus, long taken) throws Exception {
    try {
      await("all samples in " + prometheus.url())
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> stored(prometheus) >= taken);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "%s stored %d of %d samples; scrapes %s, failed %s"
              .formatted(
                  prometheus.url(),
                  stored(prometheus),
                  taken,
                  prometheus.scalar("count_over_time(up[10m])"),
                  prometheus.scalar("count_over_time(up[10m]) - sum_over_time(up[10m])")),
          e);
    }
  }

  private static long stored(PrometheusServer prometheus) throws Exception {
    return Math.round(
        prometheus.scalar("sum(count_over_time(jouleflow_energy_joules_total[10m]))"));
  }

  private static String job(Agent agent, String consumer, int intervalSeconds) {
    return """
          - job_name: jouleflow
            scrape_interval: %ds
            scrape_timeout: 1s
            params:
              consumer: [%s]
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
        .formatted(intervalSeconds, consumer, agent.port());
  }

  /** Asks for a consumer's samples, reads a few bytes of the answer and resets the connection. */
  private static void cutOffScrape(int port, String consumer) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoLinger(true, 0);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /metrics?consumer="
                  + consumer
                  + " HTTP/1.1\r\nHost: x\r\n"
                  + "Accept: application/openmetrics-text\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(100);
      assertThat(new String(head, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
    }
  }
}

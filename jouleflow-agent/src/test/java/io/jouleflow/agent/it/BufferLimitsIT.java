package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer sizes the settings accept, from the smallest to the largest, start and serve under the
 * launcher's heap ceiling; a ceiling too small for them stops the agent with one line.
 */
class BufferLimitsIT {

  private static final String MAX = Integer.toString(1 << 24);

  @TempDir Path dir;

  @Test
  void theLargestBuffersStartAndServe() throws Exception {
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(100);
        HttpClient client = HttpClient.newHttpClient();
        AgentProcess agent =
            AgentProcess.start(
                    Map.of(
                        "SYSFS_PATH", tree.root().toString(),
                        "MAX_QUEUE_LEN", MAX,
                        "MAX_RECORD_QUEUE_LEN", MAX),
                    PrometheusServer.freePort(),
                    dir.resolve("agent.log"))
                .awaitReady(client)) {
      HttpResponse<String> scrape = agent.get(client, "/metrics?consumer=a");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("jouleflow_buffer_capacity_rows " + MAX + "\n");
      assertThat(agent.process.isAlive()).isTrue();
    }
  }

  @Test
  void aFullBufferAtOneKilohertzIsScrapedWhole() throws Exception {
    int rows = 16384;
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(1000);
        HttpClient client = HttpClient.newHttpClient();
        AgentProcess agent =
            AgentProcess.start(
                    Map.of(
                        "SYSFS_PATH", tree.root().toString(),
                        "SCRAPE_INTERVAL_SECONDS", "0.001",
                        "MAX_QUEUE_LEN", Integer.toString(rows)),
                    PrometheusServer.freePort(),
                    dir.resolve("agent.log"))
                .awaitReady(client)) {
      await("a full ring")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ticks(agent.get(client, "/metrics?consumer=probe").body()) > rows);
      HttpResponse<String> scrape = agent.get(client, "/metrics?consumer=whole");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(
              scrape
                  .body()
                  .lines()
                  .filter(line -> line.startsWith("jouleflow_energy_joules_total{"))
                  .count())
          .as("samples of a full ring of %d rows of 3 series", rows)
          .isGreaterThanOrEqualTo(rows * 3L - 3 * 64);
      assertThat(agent.process.isAlive()).isTrue();
    }
  }

  @Test
  void buffersTooLargeForTheHeapCeilingStopTheAgentWithOneLine() throws Exception {
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(100)) {
      Path log = dir.resolve("agent.log");
      try (AgentProcess agent =
          AgentProcess.start(
              Map.of(
                  "SYSFS_PATH",
                  tree.root().toString(),
                  "MAX_QUEUE_LEN",
                  MAX,
                  "JOULEFLOW_JAVA_OPTS",
                  "-Xmx64m"),
              PrometheusServer.freePort(),
              log)) {
        assertThat(agent.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.process.exitValue()).isEqualTo(2);
        assertThat(agent.log()).doesNotContain("Exception");
        assertThat(agent.log().lines().filter(line -> line.startsWith("jouleflow: ")))
            .singleElement(as(InstanceOfAssertFactories.STRING))
            .startsWith("jouleflow: MAX_QUEUE_LEN=16777216 (rows of 3 series, 512 MiB)")
            .contains("need a heap of ")
            .contains("JOULEFLOW_JAVA_OPTS=-Xmx");
      }
    }
  }

  private static String agent(Path log) throws java.io.IOException {
    return java.nio.file.Files.readString(log);
  }

  private static long ticks(String body) {
    return body.lines()
        .filter(line -> line.startsWith("jouleflow_sampler_ticks_total "))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }
}

package io.jouleflow.dist.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real agent runs each sample monitor_impl.py through the adapter as its exec plugin ({@code
 * EXEC_COMMAND="python3 monitor_adapter.py monitor_impl.py"}), one per shape of get_power and
 * process_data, and serves the records the monitor made on /metrics. Skips in one line without
 * python3.
 */
class MonitorAdapterIT {

  private static final String PYJOULES = "pyjoules_remote_write_energy_uj{";

  @TempDir Path dir;
  private @Nullable AgentProcess agent;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopAgent() throws InterruptedException {
    http.close();
    if (agent != null) {
      agent.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // shape, a line's metric and labels, its value
    "free_item, "
        + PYJOULES
        + " domain=\"package\" device=\"0\" source=\"exec\" tag=\"free-item\", 4000",
    "free_item, "
        + PYJOULES
        + " domain=\"dram\" device=\"0\" source=\"exec\" tag=\"free-item\", 500",
    "polled_list, monitor_energy_microjoules{ domain=\"package\" shape=\"polled-list\", 4000",
    "polled_list, monitor_energy_microjoules{ domain=\"dram\" shape=\"polled-list\", 500",
    "free_queue, "
        + PYJOULES
        + " domain=\"package\" device=\"0\" source=\"exec\" tag=\"free-queue\", 4000",
    "polled_plain, "
        + PYJOULES
        + " domain=\"package\" device=\"0\" source=\"exec\" tag=\"polled\", 4000",
  })
  void theMonitorsRecordsAreServed(String shape, String series, double value) throws Exception {
    Optional<Path> python = Python.python3();
    assumeTrue(python.isPresent(), "python3 is not on PATH (Debian: apt-get install python3)");
    int port =
        startAgent(
            String.join(
                " ",
                quoted(python.get().toString()),
                quoted(Python.ADAPTER.toString()),
                quoted(Python.sample(shape).toString())));
    List<String> parts = List.of(series.split(" "));
    List<String> served = new CopyOnWriteArrayList<>(); // each record is served once to a consumer

    await("5 samples of " + series)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
        .until(
            () -> {
              scrape(port)
                  .lines()
                  .filter(line -> parts.stream().allMatch(line::contains))
                  .forEach(served::add);
              return served.size() >= 5;
            });

    assertThat(served)
        .as(Files.readString(dir.resolve("agent.log")))
        .allSatisfy(line -> assertThat(sampleValue(line)).isEqualTo(value));
  }

  private int startAgent(String command) throws IOException {
    agent =
        AgentProcess.start(
            Map.of("SENSORS", "model", "SCRAPE_INTERVAL_SECONDS", "0.05", "EXEC_COMMAND", command),
            PrometheusServer.freePort(),
            dir.resolve("agent.log"));
    return agent.port;
  }

  private String scrape(int port) throws IOException, InterruptedException {
    return AgentProcess.scrape(http, port, "it");
  }

  /** {@code word} in single quotes, as EXEC_COMMAND reads it (POSIX shell quoting). */
  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The value of a text-format sample line {@code name{labels} value timestamp}. */
  private static double sampleValue(String line) {
    String[] fields = line.substring(line.lastIndexOf('}') + 1).trim().split(" ");
    return Double.parseDouble(fields[0]);
  }
}

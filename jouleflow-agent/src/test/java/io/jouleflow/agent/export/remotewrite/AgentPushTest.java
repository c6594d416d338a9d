package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.config.SettingsLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as assembled, pushing: the self-metrics reach the receiver when nothing serves {@code
 * /metrics}, and only {@code /metrics} serves them when it runs too.
 */
class AgentPushTest {

  private ReceiverStub receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = ReceiverStub.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void inPushModeTheSelfMetricsArePushedBesideTheSamples() throws Exception {
    try (Agent agent = Agent.start(SettingsLoader.load(environment("push"), Map.of()), "test")) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  pushedNames()
                      .containsAll(
                          Set.of(
                              "jouleflow_energy_joules_total",
                              "jouleflow_build_info",
                              "jouleflow_sampler_ticks_total",
                              "jouleflow_samples_taken_total",
                              "jouleflow_plugin_series",
                              "jouleflow_remote_write_samples_sent_total")));
    }
    assertThat(pushedNames()).doesNotContain("jouleflow_consumers", "jouleflow_scrapes_total");
  }

  @Test
  void withPullTooOnlyMetricsServesTheSelfMetrics() throws Exception {
    try (Agent agent = Agent.start(SettingsLoader.load(environment("both"), Map.of()), "test")) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> pushedNames().contains("jouleflow_energy_joules_total"));
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + agent.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(metrics)
          .contains("jouleflow_sampler_ticks_total ")
          .contains("jouleflow_remote_write_samples_sent_total ")
          .contains("jouleflow_build_info{version=\"test\"} 1");
      assertThat(pushedNames()).containsExactly("jouleflow_energy_joules_total");
    }
  }

  private Set<String> pushedNames() {
    return Requests.bySeries(receiver.accepted()).keySet().stream()
        .map(key -> key.split(",")[0].substring("__name__=".length()))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  private Map<String, String> environment(String mode) {
    Map<String, String> environment = new HashMap<>();
    environment.put("SENSORS", "model");
    environment.put("SCRAPE_INTERVAL_SECONDS", "0.05");
    environment.put("EXPORT_MODE", mode);
    environment.put("EXPORTER_PORT", "0");
    environment.put("EXPORTER_ADDRESS", "127.0.0.1");
    environment.put("REMOTE_WRITE_URL", receiver.url().toString());
    environment.put("PUSH_INTERVAL_S", "0.1");
    environment.put("SHUTDOWN_PUSH_TIMEOUT_S", "1");
    return environment;
  }
}

package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.config.SettingsLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server as the agent wires it: in every export mode, with its web config. */
class AgentWebTest {

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void aPushingAgentServesHealthAndItsSelfMetricsButNoSamples() throws Exception {
    try (Agent agent = Agent.start(SettingsLoader.load(environment("push"), Map.of()), "test")) {
      assertThat(get(agent, "/-/healthy")).isEqualTo("200 jouleflow is Healthy.\n");
      assertThat(get(agent, "/-/ready")).startsWith("200 ");
      String metrics = get(agent, "/metrics");
      assertThat(metrics)
          .startsWith("200 ")
          .contains("jouleflow_build_info{version=\"test\"} 1")
          .contains("jouleflow_sampler_ticks_total ")
          .contains("jouleflow_remote_write_samples_sent_total ")
          .contains("jouleflow_http_connections ")
          .doesNotContain("jouleflow_energy_joules_total")
          .doesNotContain("jouleflow_consumers");
      assertThat(get(agent, "/metricsx")).startsWith("404 ");
      assertThat(get(agent, "/")).contains("the samples are pushed by remote write");
      assertThat(get(agent, "/api/status")) // the live page's push status
          .contains("\"samplesOnMetrics\":false")
          .contains("{\"name\":\"jouleflow_remote_write_last_success_timestamp_seconds\"")
          .contains("{\"name\":\"jouleflow_remote_write_batches_pending\"");
    }
  }

  @Test
  void aPullingAgentCountsWhatItRejects() throws Exception {
    try (Agent agent = Agent.start(SettingsLoader.load(environment("pull"), Map.of()), "test")) {
      assertThat(get(agent, "/metrics/")).startsWith("404 ");
      assertThat(get(agent, "/metrics"))
          .contains("jouleflow_energy_joules_total{")
          .contains("jouleflow_http_requests_rejected_total{reason=\"not_found\"} 1\n");
    }
  }

  @Test
  void aWrongWebConfigStopsTheStartWithOneLineNamingTheFile() throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "tls_server_config:\n  cert_file: x.pem\n");
    Map<String, String> environment = environment("pull");
    environment.put("WEB_CONFIG_FILE", file.toString());

    assertThatThrownBy(() -> Agent.start(SettingsLoader.load(environment, Map.of()), "test"))
        .isInstanceOf(StartupException.class)
        .hasMessage("WEB_CONFIG_FILE " + file + ": tls_server_config.key_file is missing");
  }

  private String get(Agent agent, String path) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static Map<String, String> environment(String mode) {
    Map<String, String> environment = new HashMap<>();
    environment.put("SENSORS", "model");
    environment.put("SCRAPE_INTERVAL_SECONDS", "0.05");
    environment.put("EXPORT_MODE", mode);
    environment.put("EXPORTER_PORT", "0");
    environment.put("EXPORTER_ADDRESS", "127.0.0.1");
    environment.put("REMOTE_WRITE_URL", "http://127.0.0.1:9/api/v1/write");
    environment.put("SHUTDOWN_PUSH_TIMEOUT_S", "0");
    return environment;
  }
}

package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.fixture.VictoriaMetricsServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents measuring the same series, as two hosts do, pushing into one real Prometheus and one
 * real VictoriaMetrics: told apart by their {@code instance} external label, each stores every
 * sample its agent sent, its self-metrics labelled the same, and Prometheus refuses none for order
 * (as it would if both wrote one series).
 */
class ExternalLabelsIT {

  private static final String ENERGY = "jouleflow_energy_joules_total";
  private static final String SENT = "jouleflow_remote_write_samples_sent_total";
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

  @TempDir Path dir;

  @Test
  void twoAgentsWithTheirOwnInstanceLabelDoNotCollideInOneReceiver() throws Exception {
    try (PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), "", "--web.enable-remote-write-receiver");
        VictoriaMetricsServer victoria = VictoriaMetricsServer.start(dir.resolve("vm"))) {
      String toPrometheus = prometheus.url() + "/api/v1/write";
      String toVictoria = victoria.writeUrl().toString();
      List<Agent> agents = new ArrayList<>();
      for (String host : List.of("host-a", "host-b")) {
        agents.add(start(host, toPrometheus));
        agents.add(start(host, toVictoria));
      }
      await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> true);
      agents.forEach(Agent::close);

      for (String host : List.of("host-a", "host-b")) {
        String instance = "{instance=\"" + host + "\"}";
        await("samples of " + host + " in Prometheus")
            .atMost(Duration.ofSeconds(20))
            .until(() -> prometheus.scalar("max(" + SENT + instance + ")") > 0);
        double sent = prometheus.scalar("max(" + SENT + instance + ")");
        assertThat(prometheus.scalar("sum(count_over_time(" + ENERGY + instance + "[10m]))"))
            .as("samples of %s stored in Prometheus", host)
            .isEqualTo(sent);
        String sentToVictoria = "max(" + SENT + instance + ")";
        await("every sample of " + host + " in VictoriaMetrics, as the last push counted")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    victoria.storedSamples(ENERGY + instance)
                        == (long) victoriaScalar(victoria, sentToVictoria));
        assertThat(victoria.storedSamples(ENERGY + instance)).isPositive();
      }
      assertThat(prometheus.scalar("count(count by (instance) (" + ENERGY + "))")).isEqualTo(2);
      assertThat(victoriaScalar(victoria, "count(count by (instance) (" + ENERGY + "))"))
          .isEqualTo(2);
      assertThat(prometheus.get("/metrics").body())
          .as("no sample refused for order")
          .containsPattern(
              "prometheus_tsdb_out_of_order_samples_total(\\{type=\"float\"\\})? 0\\n");
    }
  }

  private static double victoriaScalar(VictoriaMetricsServer victoria, String promql)
      throws Exception {
    String body =
        victoria
            .get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
            .body();
    Matcher value = VALUE.matcher(body);
    return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
  }

  private static Agent start(String host, String url) throws Exception {
    return Agent.start(
        SettingsLoader.load(
            Map.of(
                "SENSORS", "model",
                "SCRAPE_INTERVAL_SECONDS", "0.1",
                "EXPORT_MODE", "push",
                "EXPORTER_PORT", "0",
                "EXPORTER_ADDRESS", "127.0.0.1",
                "REMOTE_WRITE_URL", url,
                "PUSH_INTERVAL_S", "0.5",
                "EXTERNAL_LABELS", "instance=" + host + ",team=energy",
                // Only the machine series: the samples sent are compared with them.
                "ATTRIBUTION_LEVEL", "off"),
            Map.of()),
        "it");
  }
}

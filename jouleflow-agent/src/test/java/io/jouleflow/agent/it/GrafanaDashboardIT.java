package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the Grafana dashboard {@code deploy/grafana/jouleflow.json}, with its variables
 * filled in as Grafana would, returns data from a real Prometheus that scrapes the agent, while the
 * agent also pushes to a second one (so the remote-write panels have data) and splits its energy
 * over this machine's cgroups (so the workload panels have data). Every metric the Prometheus rules
 * ({@code deploy/prometheus/rules.yml}) read is stored from that agent too: promtool's rule tests
 * use hand-written series, which would not catch a misspelt name.
 */
class GrafanaDashboardIT {

  private static final Path DASHBOARD = Path.of("../deploy/grafana/jouleflow.json");
  private static final Path RULES = Path.of("../deploy/prometheus/rules.yml");
  private static final Map<String, String> VARIABLES =
      Map.of("$instance", ".*", "$__rate_interval", "20s", "$__range", "5m");

  @TempDir Path dir;

  @Test
  void everyDashboardQueryReturnsDataFromAPrometheusFedByTheAgent() throws Exception {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
            || Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers")),
        "skipped: no cgroup v2 hierarchy, so the workload panels can have no data");
    Dashboard dashboard = Dashboard.read(DASHBOARD);
    assertThat(dashboard.queries()).as("panel queries").hasSizeGreaterThanOrEqualTo(15);
    assertThat(dashboard.variableQueries())
        .containsExactly("label_values(jouleflow_build_info, instance)");
    assertThat(dashboard.datasources())
        .as("every panel and query uses the dashboard's data source variable")
        .containsOnly("${datasource}");

    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys"))
                .packages(2)
                .subzones("core", "dram")
                .powerWatts(40)
                .build()
                .start(1000);
        PrometheusServer receiver =
            PrometheusServer.start(
                dir.resolve("receiver"), "", "--web.enable-remote-write-receiver");
        Agent agent = startAgent(tree.root(), receiver.url() + "/api/v1/write");
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prometheus"),
                PrometheusServer.scrapeJob(agent.port(), "prometheus"))) {
      List<String> queries = dashboard.queries().stream().map(GrafanaDashboardIT::fill).toList();
      List<String> empty = new ArrayList<>();
      await("every dashboard query returns data")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                empty.clear();
                for (String query : queries) {
                  if (prometheus.query(query).isEmpty()) {
                    empty.add(query);
                  }
                }
                return empty.isEmpty();
              });
      assertThat(empty).as("queries without data").isEmpty();
      assertThat(
              prometheus
                  .get(
                      "/api/v1/label/instance/values?match[]="
                          + URLEncoder.encode("jouleflow_build_info", StandardCharsets.UTF_8))
                  .body())
          .as("the $instance variable's values")
          .contains("127.0.0.1:" + agent.port());
      String names = prometheus.get("/api/v1/label/__name__/values").body();
      Matcher metric =
          Pattern.compile("(?<![:\\w])jouleflow_[a-z_]+(?![:\\w])")
              .matcher(Files.readString(RULES));
      while (metric.find()) {
        assertThat(names)
            .as("the alert and recording rules' metric %s, stored from the agent", metric.group())
            .contains("\"" + metric.group() + "\"");
      }
      String perHost = fill(dashboard.queries().get(2));
      assertThat(perHost).as("the Power per host query").startsWith("sum by (instance) (rate(");
      await("Power per host: two packages and two DRAM zones at 40 W, once 20 s are stored")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(prometheus.scalar(perHost)).isBetween(159.0, 161.0));
    }
  }

  private static String fill(String query) {
    String filled = query;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      filled = filled.replace(variable.getKey(), variable.getValue());
    }
    assertThat(filled).as("variables left in %s", query).doesNotContain("$");
    return filled;
  }

  private static Agent startAgent(Path sysfs, String remoteWriteUrl) throws Exception {
    return RaplAgents.start(
        sysfs,
        Map.of(
            "ATTRIBUTION_INTERVAL_SECONDS", "0.5",
            "EXPORT_MODE", "both",
            "REMOTE_WRITE_URL", remoteWriteUrl,
            "PUSH_INTERVAL_S", "0.5"));
  }

  /** The queries of a dashboard's panels and variables, and the data sources they name. */
  private record Dashboard(
      List<String> queries, List<String> variableQueries, List<String> datasources) {

    static Dashboard read(Path file) throws IOException {
      List<String> queries = new ArrayList<>();
      List<String> variables = new ArrayList<>();
      List<String> datasources = new ArrayList<>();
      try (JsonParser parser = new JsonFactory().createParser(Files.readAllBytes(file))) {
        List<String> path = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (token == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
              path.add(field);
            } else if (field.equals("expr")) {
              queries.add(parser.getText());
            } else if (field.equals("definition")) {
              variables.add(parser.getText());
            } else if (field.equals("uid") && path.getLast().equals("datasource")) {
              datasources.add(parser.getText());
            }
          } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            path.add("");
          } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
            if (!path.isEmpty()) {
              path.removeLast();
            }
          }
        }
      }
      return new Dashboard(queries, variables, datasources);
    }
  }
}

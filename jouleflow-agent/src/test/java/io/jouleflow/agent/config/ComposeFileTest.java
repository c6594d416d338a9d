package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code deploy/compose.yaml} runs the agent either scraped or pushing, each beside its own
 * Prometheus, never both into one: a Prometheus that scrapes the agent and also receives its remote
 * write stores every series twice.
 */
class ComposeFileTest {

  private static final Path COMPOSE = PrometheusConfigCheckTest.DEPLOY.resolve("compose.yaml");
  private static final String RECEIVER = "--web.enable-remote-write-receiver";
  private static final String AGENT_PORT = "9092";

  private final Map<String, Map<String, Object>> services = services();

  @Test
  void everyAgentIsInExactlyOneProfileMatchingItsExportMode() {
    assertThat(agents()).as("agent services").isNotEmpty();
    for (String agent : agents()) {
      List<Object> profiles = list(service(agent).get("profiles"));
      assertThat(profiles).as("profiles of %s", agent).hasSize(1).containsAnyOf("pull", "push");
      assertThat(env(agent, "EXPORT_MODE"))
          .as("EXPORT_MODE of %s", agent)
          .isEqualTo(profiles.get(0));
    }
    assertThat(agents().stream().map(this::profile)).contains("pull", "push");
  }

  @Test
  void everyServiceIsInAProfileSoThatPlainUpStartsNoHalfSetup() {
    services.forEach(
        (name, service) ->
            assertThat(list(service.get("profiles"))).as("profiles of %s", name).hasSize(1));
  }

  @Test
  void noPrometheusBothScrapesAnAgentAndReceivesAnAgentsRemoteWrite() throws IOException {
    assertThat(prometheuses()).as("Prometheus services").isNotEmpty();
    for (String prometheus : prometheuses()) {
      List<String> scraped = scrapedAgents(prometheus);
      List<String> pushing =
          agents().stream().filter(agent -> prometheus.equals(pushTarget(agent))).toList();
      assertThat(scraped.isEmpty() || pushing.isEmpty())
          .as("%s scrapes %s and receives remote write from %s", prometheus, scraped, pushing)
          .isTrue();
    }
  }

  @Test
  void everyPushAgentWritesToAReceivingPrometheusOfItsProfile() {
    List<String> pushAgents = agents().stream().filter(a -> profile(a).equals("push")).toList();
    assertThat(pushAgents).isNotEmpty();
    for (String agent : pushAgents) {
      String url = env(agent, "REMOTE_WRITE_URL");
      URI uri = URI.create(String.valueOf(url));
      String target = pushTarget(agent);
      assertThat(target)
          .as("%s REMOTE_WRITE_URL %s names a Prometheus service", agent, url)
          .isNotNull();
      assertThat(flags(String.valueOf(target))).as("flags of %s", target).contains(RECEIVER);
      assertThat(uri.getPort()).as("port of %s", url).isEqualTo(9090);
      assertThat(uri.getPath()).as("path of %s", url).isEqualTo("/api/v1/write");
      assertThat(profile(String.valueOf(target))).as("profile of %s", target).isEqualTo("push");
      assertThat(volumes(agent))
          .as("volumes of %s", agent)
          .anyMatch(v -> v.endsWith(":/var/lib/jouleflow"));
    }
  }

  @Test
  void everyPullPrometheusScrapesThePullAgentOfItsProfile() throws IOException {
    List<String> pullAgents = agents().stream().filter(a -> profile(a).equals("pull")).toList();
    List<String> pullPrometheuses =
        prometheuses().stream().filter(p -> profile(p).equals("pull")).toList();
    assertThat(pullPrometheuses).isNotEmpty();
    for (String prometheus : pullPrometheuses) {
      assertThat(flags(prometheus)).as("flags of %s", prometheus).doesNotContain(RECEIVER);
      List<String> targets = targets(prometheus);
      for (String agent : pullAgents) {
        String port = envOr(agent, "EXPORTER_PORT", AGENT_PORT);
        assertThat(targets).as("targets of %s", prometheus).contains(agent + ":" + port);
      }
    }
  }

  @Test
  void everyMountedPrometheusConfigIsOneThatPromtoolChecks() throws IOException {
    List<Path> checked =
        PrometheusConfigCheckTest.prometheusConfigs().stream()
            .map(p -> p.toAbsolutePath().normalize())
            .toList();
    for (String prometheus : prometheuses()) {
      assertThat(checked).as("configs promtool checks").contains(configFile(prometheus));
    }
  }

  @Test
  void everyRuleFileAPrometheusConfigNamesIsMountedWhereItLooks() throws IOException {
    for (String prometheus : prometheuses()) {
      List<Object> ruleFiles = list(map(load(configFile(prometheus))).get("rule_files"));
      assertThat(ruleFiles).as("rule_files of %s", prometheus).isNotEmpty();
      for (Object ruleFile : ruleFiles) {
        Path inContainer = Path.of("/etc/prometheus").resolve(String.valueOf(ruleFile)).normalize();
        String mount =
            volumes(prometheus).stream()
                .filter(v -> v.split(":")[1].equals(inContainer.toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(prometheus + " mounts no " + inContainer));
        Path onHost = COMPOSE.resolveSibling(mount.split(":")[0]).toAbsolutePath().normalize();
        assertThat(onHost)
            .as("rule file %s of %s, relative to its config", ruleFile, prometheus)
            .isEqualTo(configFile(prometheus).resolveSibling(String.valueOf(ruleFile)).normalize())
            .isRegularFile();
      }
    }
  }

  // --- reading the compose file and the Prometheus configs it mounts

  private static Map<String, Map<String, Object>> services() {
    try {
      Map<String, Object> compose = map(load(COMPOSE));
      Map<String, Map<String, Object>> services = new LinkedHashMap<>();
      map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
      return services;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object load(Path file) throws IOException {
    Object document =
        new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    return document == null ? Map.of() : document;
  }

  /** Services running the agent's image: built from deploy/Dockerfile or named jouleflow. */
  private List<String> agents() {
    return services.entrySet().stream()
        .filter(
            e ->
                String.valueOf(e.getValue().get("image")).contains("jouleflow")
                    || (e.getValue().get("build") instanceof Map<?, ?> build
                        && "deploy/Dockerfile".equals(build.get("dockerfile"))))
        .map(Map.Entry::getKey)
        .toList();
  }

  private List<String> prometheuses() {
    return services.entrySet().stream()
        .filter(e -> String.valueOf(e.getValue().get("image")).startsWith("prom/prometheus:"))
        .map(Map.Entry::getKey)
        .toList();
  }

  private Map<String, Object> service(String name) {
    Map<String, Object> service = services.get(name);
    if (service == null) {
      throw new AssertionError("no service " + name + " in " + COMPOSE);
    }
    return service;
  }

  private String profile(String service) {
    List<Object> profiles = list(service(service).get("profiles"));
    return profiles.isEmpty() ? "" : String.valueOf(profiles.get(0));
  }

  private @Nullable String env(String service, String name) {
    Object value = map(service(service).get("environment")).get(name);
    return value == null ? null : String.valueOf(value);
  }

  private String envOr(String service, String name, String fallback) {
    String value = env(service, name);
    return value == null ? fallback : value;
  }

  private List<String> flags(String service) {
    return list(service(service).get("command")).stream().map(String::valueOf).toList();
  }

  private List<String> volumes(String service) {
    return list(service(service).get("volumes")).stream().map(String::valueOf).toList();
  }

  /** The Prometheus service a push agent's REMOTE_WRITE_URL names, if any. */
  private @Nullable String pushTarget(String agent) {
    String mode = String.valueOf(env(agent, "EXPORT_MODE"));
    String url = env(agent, "REMOTE_WRITE_URL");
    if (mode.equals("pull") || url == null) {
      return null;
    }
    String host = URI.create(url).getHost();
    return prometheuses().contains(host) ? host : null;
  }

  /** The host file mounted where the service's --config.file points. */
  private Path configFile(String prometheus) {
    String inContainer =
        flags(prometheus).stream()
            .filter(f -> f.startsWith("--config.file="))
            .map(f -> f.substring("--config.file=".length()))
            .findFirst()
            .orElse("/etc/prometheus/prometheus.yml");
    String mount =
        volumes(prometheus).stream()
            .filter(v -> v.split(":")[1].equals(inContainer))
            .findFirst()
            .orElseThrow(() -> new AssertionError(prometheus + " mounts no " + inContainer));
    return COMPOSE.resolveSibling(mount.split(":")[0]).toAbsolutePath().normalize();
  }

  /** Every static target of every scrape job in the service's config. */
  private List<String> targets(String prometheus) throws IOException {
    List<String> targets = new ArrayList<>();
    for (Object job : list(map(load(configFile(prometheus))).get("scrape_configs"))) {
      for (Object staticConfig : list(map(job).get("static_configs"))) {
        list(map(staticConfig).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    return targets;
  }

  private List<String> scrapedAgents(String prometheus) throws IOException {
    List<String> hosts = targets(prometheus).stream().map(t -> t.split(":")[0]).toList();
    return agents().stream().filter(hosts::contains).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(@Nullable Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }
}

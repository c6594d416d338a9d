package io.jouleflow.plugin.example.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/plugins.md} true: installs {@code jouleflow-api} with the guide's command (into
 * a local repository of its own, chained to the build's), copies the guide's files out of its
 * fenced blocks (those whose first line is a {@code file: PATH} comment), builds them as a separate
 * Maven project offline (its unit test included), puts the jar in {@code PLUGINS_DIR} and starts
 * the agent with the plugin named in {@code SENSORS}: its energy series is on /metrics and grows at
 * the watts of the file it reads.
 */
class PluginGuideIT {

  private static final Path ROOT = AgentProcess.ROOT;
  private static final Path GUIDE = ROOT.resolve("docs/plugins.md");
  private static final String INSTALL = "./mvnw -pl jouleflow-api -am install -DskipTests";
  private static final Pattern FILE_MARK = Pattern.compile("^(?://|#|<!--) file: (\\S+)");
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

  @TempDir Path dir;
  private AgentProcess agent;

  @AfterEach
  void stopAgent() throws InterruptedException {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void theGuidesPluginBuildsAndItsSeriesIsOnMetrics() throws Exception {
    String guide = Files.readString(GUIDE);
    assertThat(guide).contains(INSTALL);
    Path repo = dir.resolve("repo");
    maven(ROOT, repo, List.of(INSTALL.substring("./mvnw ".length()).split(" ")));
    assertThat(installed(repo)).containsExactly("jouleflow-api", "jouleflow-parent");

    Map<String, String> files = files(guide);
    assertThat(files)
        .containsKeys(
            "pom.xml",
            "src/main/resources/META-INF/services/io.jouleflow.api.SensorProvider",
            "src/test/java/com/example/filewatts/FileWattsSensorTest.java");
    Path project = dir.resolve("filewatts");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = project.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    String build = maven(project, repo, List.of("package"));
    assertThat(build).contains("Tests run: 2, Failures: 0, Errors: 0");
    Path jar = project.resolve("target/jouleflow-filewatts.jar");

    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
    Path power = Files.writeString(dir.resolve("power1_input"), "40000000\n"); // 40 W
    int port = startAgent(plugins, power);

    List<String> served = new ArrayList<>(); // each sample is served once to a consumer
    await("the filewatts series on /metrics")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
        .until(
            () -> {
              served.addAll(energyLines(scrape(port)));
              return served.size() >= 20;
            });
    assertThat(served)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "jouleflow_energy_joules_total{device=\"0\",domain=\"psys\","
                            + "source=\"filewatts\"} "));
    // joules over the agent's own timestamps: the file's 40 W
    String first = served.getFirst();
    String last = served.getLast();
    double seconds = (field(last, 2) - field(first, 2)) / 1000;
    assertThat((field(last, 1) - field(first, 1)) / seconds).isCloseTo(40, within(2.0));
  }

  /** The guide's files: each fenced block whose first line is {@code <comment> file: PATH}. */
  static Map<String, String> files(String guide) {
    Map<String, String> files = new LinkedHashMap<>();
    List<String> block = null;
    for (String line : guide.lines().toList()) {
      if (line.strip().startsWith("```")) {
        if (block == null) {
          block = new ArrayList<>();
        } else {
          Matcher mark = block.isEmpty() ? null : FILE_MARK.matcher(block.getFirst());
          if (mark != null && mark.find()) {
            files.put(mark.group(1), String.join("\n", block.subList(1, block.size())) + "\n");
          }
          block = null;
        }
      } else if (block != null) {
        block.add(line);
      }
    }
    return files;
  }

  /** Runs this checkout's Maven wrapper offline in {@code project}; returns its output. */
  private String maven(Path project, Path repo, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-o", "-B"));
    command.addAll(args);
    command.add("-Dmaven.repo.local=" + repo);
    command.add("-Dmaven.repo.local.tail=" + System.getProperty("local.repo"));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
    Process maven = builder.start();
    maven.getOutputStream().close();
    String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(maven.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(maven.exitValue()).as(output).isZero();
    return output;
  }

  /** The artifacts of group io.jouleflow the guide's install put in {@code repo}. */
  private static List<String> installed(Path repo) throws IOException {
    try (var listing = Files.list(repo.resolve("io/jouleflow"))) {
      return listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private int startAgent(Path plugins, Path power) throws IOException {
    agent =
        AgentProcess.start(
            Map.of(
                "PLUGINS_DIR",
                plugins.toString(),
                "SENSORS",
                "filewatts",
                "PLUGIN_FILEWATTS_FILE",
                power.toString()),
            PrometheusServer.freePort(),
            dir.resolve("agent.log"));
    return agent.port;
  }

  private static String scrape(int port) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return AgentProcess.scrape(http, port, "guide");
    }
  }

  private static List<String> energyLines(String exposition) {
    return exposition.lines().filter(l -> l.startsWith("jouleflow_energy_joules_total{")).toList();
  }

  /** Field {@code index} of a sample line split at spaces: 1 the value, 2 the timestamp. */
  private static double field(String line, int index) {
    return Double.parseDouble(line.split(" ")[index]);
  }
}

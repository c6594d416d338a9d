package io.jouleflow.dist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.Podman;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image a user builds ({@code deploy/Dockerfile}, the .deb installed on a Debian stand-in for
 * {@code debian:bookworm-slim}), run by podman as the Kubernetes DaemonSet runs it: its variables,
 * user, capabilities, read-only root, limits and the host's /sys (here a fake powercap tree) read
 * from {@code deploy/kubernetes/base/daemonset.yaml}. Skips in one line where podman cannot run.
 */
class ContainerImageIT {

  private static final int SERIES = 6; // 2 packages × package, core, dram
  private static final int TICKS = 80; // 8 s at the DaemonSet's 0.1 s
  private static final String ENERGY = "jouleflow_energy_joules_total";
  private static final String SPOOL = "/var/lib/jouleflow/spool";
  private static final String INSTALLED_JAR = "/usr/lib/jouleflow/lib/jouleflow.jar";

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void withTheDaemonSetsSettingsPrometheusStoresEverySampleTheAgentTook() throws Exception {
    Podman podman = Podman.require();
    String image = Images.agent(podman);
    DaemonSetContainer daemonSet = DaemonSetContainer.read(DaemonSetContainer.BASE);
    int port = PrometheusServer.freePort();
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys"))
                .packages(2)
                .subzones("core", "dram")
                .powerWatts(40)
                .build()
                .start(1000);
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prometheus"), PrometheusServer.scrapeJob(port, "prometheus"));
        Podman.Container agent =
            start(podman, image, port, daemonSet.podmanArgs(withCgroupFolder(tree, daemonSet)))) {
      assertThat(agent.exec("id", "-u").orThrow("id").stdout().strip())
          .isEqualTo(runAsUser(daemonSet));
      assertThat(agent.exec("sha256sum", INSTALLED_JAR).orThrow("sha256sum").stdout())
          .as("the image runs this build's agent")
          .startsWith(sha256(Images.ROOT.resolve("jouleflow-agent/target/jouleflow.jar")));
      await(TICKS + " ticks")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .until(() -> ticks(scrape(port, "ticks")) >= TICKS);

      // A new consumer reads the buffer from its oldest row: the first tick, while the buffer
      // has not wrapped.
      List<String> audit = lines(scrape(port, "audit"), ENERGY + "{");
      assertThat(audit).hasSizeGreaterThanOrEqualTo(TICKS * SERIES);
      assertThat(audit.size() / SERIES)
          .isLessThan(Integer.parseInt(daemonSet.env().getOrDefault("MAX_QUEUE_LEN", "1000")));
      assertThat(audit.size() % SERIES).isZero();
      assertThat(audit).allSatisfy(line -> assertThat(line).contains("source=\"rapl\""));
      long last = audit.stream().mapToLong(ContainerImageIT::timestampMillis).max().orElseThrow();
      awaitStored(prometheus, agent, audit.size(), last);
    }
  }

  /**
   * As {@code deploy/kubernetes/push} runs it: the DaemonSet's user (0), capabilities (all dropped
   * but DAC_READ_SEARCH) and read-only root, pushing, the spool on a volume at /var/lib/jouleflow.
   * A fresh named volume takes the image's /var/lib/jouleflow, so root without CAP_DAC_OVERRIDE
   * must be let in by the image's modes.
   */
  @Test
  void pushingWithTheDaemonSetsSettingsTheSpoolOnAVolumeIsWritableAndSamplesLand()
      throws Exception {
    Podman podman = Podman.require();
    String image = Images.agent(podman);
    DaemonSetContainer daemonSet = DaemonSetContainer.read(DaemonSetContainer.BASE);
    String volume = "jouleflow-test-spool-" + UUID.randomUUID().toString().substring(0, 8);
    podman
        .exec(Duration.ofSeconds(30), "volume", "create", "--label", Podman.OWNER, volume)
        .orThrow("podman volume create");
    int port = PrometheusServer.freePort();
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(1000);
        PrometheusServer receiver =
            PrometheusServer.start(
                dir.resolve("receiver"), "", "--web.enable-remote-write-receiver")) {
      List<String> args =
          withEnv(
              daemonSet.podmanArgs(withCgroupFolder(tree, daemonSet)),
              Map.of(
                  "EXPORT_MODE",
                  "push",
                  "REMOTE_WRITE_URL",
                  receiver.url() + "/api/v1/write",
                  "PUSH_INTERVAL_S",
                  "1",
                  "SPOOL_DIR",
                  SPOOL));
      args.addAll(List.of("--volume", volume + ":/var/lib/jouleflow"));
      try (Podman.Container agent = start(podman, image, port, args)) {
        assertThat(agent.exec("id", "-u").orThrow("id").stdout().strip()).isEqualTo("0");
        await("samples pushed to " + receiver.url())
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .failFast(
                "the agent exited",
                () -> {
                  if (!agent.running()) {
                    throw new AssertionError("the agent exited:\n" + agent.logs());
                  }
                })
            .untilAsserted(
                () ->
                    assertThat(receiver.scalar("count(" + ENERGY + ")"))
                        .as(agent.logs())
                        .isGreaterThanOrEqualTo(1));
        Podman.Result write = agent.exec("touch", SPOOL + "/written-by-uid-0");
        assertThat(write.exitCode()).as("the spool is writable: " + write.stderr()).isZero();
      }
    } finally {
      podman.exec(Duration.ofSeconds(30), "volume", "rm", "--force", volume);
    }
  }

  @Test
  void theSensorImageServesTheDummyPluginsSeries() throws Exception {
    Podman podman = Podman.require();
    String image = Images.sensorExample(podman);
    int port = PrometheusServer.freePort();
    try (Podman.Container agent = start(podman, image, port, List.of())) {
      await("the dummy plugin's series on /metrics")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .untilAsserted(
              () ->
                  assertThat(lines(scrape(port, "it"), ENERGY + "{"))
                      .as(agent.logs())
                      .anySatisfy(line -> assertThat(line).contains("source=\"dummy\"")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pull", "push", "both"})
  void theHealthCheckPassesAsTheImagesOwnUser(String mode) throws Exception {
    Podman podman = Podman.require();
    String image = Images.agent(podman);
    int port = PrometheusServer.freePort();
    try (PrometheusServer receiver =
            PrometheusServer.start(
                dir.resolve("receiver"), "", "--web.enable-remote-write-receiver");
        Podman.Container agent =
            start(
                podman,
                image,
                port,
                List.of(
                    "--env", "EXPORT_MODE=" + mode,
                    "--env", "REMOTE_WRITE_URL=" + receiver.url() + "/api/v1/write",
                    "--env", "PUSH_INTERVAL_S=1"))) {
      assertThat(agent.exec("id", "-un").orThrow("id").stdout().strip()).isEqualTo("jouleflow");
      await("podman healthcheck run in " + mode)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                Podman.Result check =
                    podman.exec(Duration.ofSeconds(30), "healthcheck", "run", agent.name());
                assertThat(check.exitCode())
                    .as(check.stdout() + check.stderr() + agent.logs())
                    .isZero();
              });
      if (mode.equals("pull")) {
        // The same check fails when the answer is not 200, or nothing answers.
        String check =
            podman
                .exec(
                    Duration.ofSeconds(30),
                    "inspect",
                    "--format",
                    "{{index .Config.Healthcheck.Test 3}}",
                    agent.name())
                .orThrow("podman inspect")
                .stdout()
                .strip();
        assertThat(check).contains("/-/healthy");
        assertThat(agent.exec("bash", "-c", check.replace("/-/healthy", "/-/none")).exitCode())
            .isNotZero();
        assertThat(agent.exec("env", "EXPORTER_PORT=1", "bash", "-c", check).exitCode())
            .isNotZero();
      } else {
        await("samples pushed to " + receiver.url())
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> receiver.scalar("count(" + ENERGY + ")") >= 1);
      }
    }
  }

  /** The fake /sys with the (empty) folder the DaemonSet's CGROUP_PATH names: no workloads. */
  private static Path withCgroupFolder(FakePowercapTree tree, DaemonSetContainer daemonSet)
      throws IOException {
    String cgroup = daemonSet.env().getOrDefault("CGROUP_PATH", daemonSet.sysMountPath());
    assertThat(cgroup).startsWith(daemonSet.sysMountPath());
    String relative = cgroup.substring(daemonSet.sysMountPath().length()).replaceFirst("^/", "");
    Files.createDirectories(tree.root().resolve(relative));
    return tree.root();
  }

  /** {@code args} with {@code env} in place of the {@code --env} values it names. */
  private static List<String> withEnv(List<String> args, Map<String, String> env) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--env") && env.containsKey(args.get(i + 1).split("=", 2)[0])) {
        i++;
      } else {
        all.add(args.get(i));
      }
    }
    env.forEach((name, value) -> all.addAll(List.of("--env", name + "=" + value)));
    return all;
  }

  private static String runAsUser(DaemonSetContainer daemonSet) {
    int user = daemonSet.podmanArgs().indexOf("--user");
    return user < 0 ? "" : daemonSet.podmanArgs().get(user + 1);
  }

  /** Runs the image on the host's network with the HTTP server on {@code port}. */
  private static Podman.Container start(Podman podman, String image, int port, List<String> args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of("--network", "host"));
    all.addAll(args);
    all.addAll(List.of("--env", "EXPORTER_PORT=" + port, image));
    return podman.start(all.toArray(String[]::new));
  }

  private String scrape(int port, String consumer) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics?consumer=" + consumer))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static long ticks(String exposition) {
    return lines(exposition, "jouleflow_sampler_ticks_total ").stream()
        .mapToLong(line -> Math.round(Double.parseDouble(line.substring(line.indexOf(' ') + 1))))
        .findFirst()
        .orElse(0);
  }

  private static List<String> lines(String exposition, String prefix) {
    return exposition.lines().filter(line -> line.startsWith(prefix)).toList();
  }

  /** The timestamp of an exposed sample line, in milliseconds (text format). */
  private static long timestampMillis(String line) {
    return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** Waits for Prometheus to hold, up to the last sample the audit read, exactly those samples. */
  private static void awaitStored(
      PrometheusServer prometheus, Podman.Container agent, long taken, long lastMillis)
      throws Exception {
    String at = String.format(Locale.ROOT, "%.3f", lastMillis / 1000.0);
    String query = "sum(count_over_time(" + ENERGY + "[10m]))";
    try {
      await("every sample in " + prometheus.url())
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> stored(prometheus, query, at) >= taken);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "Prometheus stored %d of %d samples up to %s; the agent logged:%n%s%nPrometheus:%n%s"
              .formatted(stored(prometheus, query, at), taken, at, agent.logs(), prometheus.log()),
          e);
    }
    assertThat(stored(prometheus, query, at)).isEqualTo(taken);
  }

  private static long stored(PrometheusServer prometheus, String query, String at)
      throws Exception {
    List<Double> values = prometheus.queryAt(query, Double.parseDouble(at));
    return values.isEmpty() ? 0 : Math.round(values.getFirst());
  }
}

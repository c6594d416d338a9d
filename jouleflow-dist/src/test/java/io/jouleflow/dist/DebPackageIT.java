package io.jouleflow.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.Podman;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.fixture.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package as a user gets it: {@code dpkg -i} in a fresh Debian container (the stand-in base
 * image, without systemd), the installed agent run as the {@code jouleflow} user; reinstalled,
 * removed and installed again with an edited conffile kept, and purged with its state but not its
 * user; the unit as installed verified by {@code systemd-analyze}; the bundled runtime serving
 * {@code /metrics} over TLS. The container test skips with one line where podman cannot run.
 */
class DebPackageIT {

  private static final String IN_CONTAINER = "/tmp/jouleflow.deb";
  private static final String DEFAULTS = "/etc/default/jouleflow";
  private static final String SPOOL = "/var/lib/jouleflow/spool";
  private static final Pattern PASSWD =
      Pattern.compile("jouleflow:x:(\\d+):(\\d+):[^:]*:/var/lib/jouleflow:/usr/sbin/nologin\n");

  @TempDir Path dir;

  @Test
  void dpkgInstallsItInAFreshDebianAndTheAgentRunsAsItsUser() throws IOException {
    Podman podman = Podman.require();
    try (Podman.Container box = freshDebian(podman)) {
      Podman.Result install = box.exec("dpkg", "-i", IN_CONTAINER).orThrow("dpkg -i");
      assertThat(install.stderr()).isEmpty();

      Matcher user = PASSWD.matcher(box.exec("getent", "passwd", "jouleflow").stdout());
      assertThat(user.matches()).as("a system user with no login").isTrue();
      assertThat(Integer.parseInt(user.group(1))).isLessThan(1000);
      assertThat(box.exec("readlink", "-f", "/usr/bin/jouleflow").stdout())
          .isEqualTo("/usr/lib/jouleflow/bin/jouleflow\n");
      assertThat(
              box.exec(
                      "stat",
                      "-c",
                      "%U:%G %a %n",
                      "/usr/lib/jouleflow/bin/jouleflow",
                      "/usr/lib/jouleflow/lib/jouleflow.jar",
                      "/etc/default/jouleflow")
                  .stdout())
          .isEqualTo(
              "root:root 755 /usr/lib/jouleflow/bin/jouleflow\n"
                  + "root:root 644 /usr/lib/jouleflow/lib/jouleflow.jar\n"
                  + "root:root 644 /etc/default/jouleflow\n");

      Podman.Result version = asAgent(box, "/usr/bin/jouleflow", "--version");
      assertThat(version.stdout()).isEqualTo("jouleflow " + Deb.VERSION + "\n");
      assertThat(version.stderr()).isEmpty();
      // AOTMode=on: the JVM stops when it cannot use the package's AOT cache.
      Podman.Result sensors =
          asAgent(
              box, "env", "JOULEFLOW_JAVA_OPTS=-XX:AOTMode=on", "/usr/bin/jouleflow", "sensors");
      assertThat(sensors.stdout()).contains("SENSORS=auto runs: ");
      assertThat(sensors.stderr()).isEmpty();
    }
  }

  @Test
  void reinstallRemoveAndPurgeKeepTheEditedConffileAndTheUserAndPurgeTheState() throws IOException {
    Podman podman = Podman.require();
    try (Podman.Container box = freshDebian(podman)) {
      box.exec("dpkg", "-i", IN_CONTAINER).orThrow("dpkg -i");
      String edited = box.exec("cat", DEFAULTS).stdout() + "EXPORTER_PORT=9999\n";
      box.exec("sh", "-c", "echo EXPORTER_PORT=9999 >> " + DEFAULTS).orThrow("edit " + DEFAULTS);

      assertThat(box.exec("dpkg", "-i", IN_CONTAINER).orThrow("dpkg -i again").stderr()).isEmpty();
      assertThat(box.exec("cat", DEFAULTS).stdout())
          .as("the edit after a reinstall")
          .isEqualTo(edited);

      box.exec("dpkg", "-r", "jouleflow").orThrow("dpkg -r");
      assertThat(box.exec("ls", "/usr/lib/jouleflow").stderr()).contains("No such file");
      assertThat(box.exec("cat", DEFAULTS).stdout()).as("the edit after dpkg -r").isEqualTo(edited);
      box.exec("dpkg", "-i", IN_CONTAINER).orThrow("dpkg -i after dpkg -r");
      assertThat(asAgent(box, "/usr/bin/jouleflow", "--version").stdout())
          .isEqualTo("jouleflow " + Deb.VERSION + "\n");
      assertThat(box.exec("cat", DEFAULTS).stdout()).as("the edit after dpkg -i").isEqualTo(edited);

      box.exec("install", "-d", "-o", "jouleflow", "-g", "jouleflow", SPOOL).orThrow("install -d");
      asAgent(box, "touch", SPOOL + "/0000000001.req");
      box.exec("dpkg", "--purge", "jouleflow").orThrow("dpkg --purge");
      assertThat(box.exec("ls", "/usr/lib/jouleflow", DEFAULTS, "/var/lib/jouleflow").stderr())
          .contains("/usr/lib/jouleflow': No such file")
          .contains(DEFAULTS + "': No such file")
          .contains("/var/lib/jouleflow': No such file");
      assertThat(box.exec("getent", "passwd", "jouleflow").stdout())
          .as("the system user stays after a purge")
          .startsWith("jouleflow:x:");
    }
  }

  @Test
  void theInstalledUnitVerifiesWithoutWarnings() throws IOException {
    assertThat(Path.of("/usr/bin/systemd-analyze"))
        .as("systemd-analyze: install Debian's systemd package (bin/test does as root)")
        .isExecutable();
    Path root = Deb.extract(dir.resolve("root"));
    // The unit's dependencies (multi-user.target, network-online.target, ...) from this machine.
    Path units = root.resolve("lib/systemd/system");
    try (Stream<Path> hostUnits = Files.list(Path.of("/usr/lib/systemd/system"))) {
      for (Path unit : hostUnits.toList()) {
        Path copy = units.resolve(unit.getFileName().toString());
        if (Files.isRegularFile(unit) && !Files.exists(copy)) {
          Files.copy(unit, copy);
        }
      }
    }
    Deb.Result verify =
        Deb.exec(Map.of(), "systemd-analyze", "verify", "--root=" + root, "jouleflow.service");
    assertThat(verify.stdout() + verify.stderr()).as("systemd-analyze verify").isEmpty();
    assertThat(verify.exitCode()).isZero();
  }

  @Test
  void theBundledRuntimeServesMetricsOverTls() throws Exception {
    Path root = Deb.extract(dir.resolve("root"));
    TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
    Path web =
        Files.writeString(
            dir.resolve("web.yml"),
            "tls_server_config:\n  cert_file: %s\n  key_file: %s\n"
                .formatted(pki.cert("server"), pki.key("server")));
    int port = PrometheusServer.freePort();
    Map<String, String> environment =
        Map.of(
            "EXPORTER_ADDRESS",
            "127.0.0.1",
            "EXPORTER_PORT",
            Integer.toString(port),
            "WEB_CONFIG_FILE",
            web.toString(),
            "SENSORS",
            "model");
    Path log = dir.resolve("agent.log");
    try (AgentProcess agent =
            AgentProcess.launch(root.resolve("usr/bin/jouleflow"), environment, log);
        HttpClient client = HttpClient.newBuilder().sslContext(pki.trustingCa()).build()) {
      HttpRequest scrape =
          HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/metrics")).build();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(client.send(scrape, HttpResponse.BodyHandlers.ofString()).body())
                      .contains("jouleflow_energy_joules_total{"));
    }
    assertThat(Files.readString(log)).contains("/metrics on https://127.0.0.1:" + port);
  }

  /** A container of the stand-in Debian base with the package mounted at {@value IN_CONTAINER}. */
  private static Podman.Container freshDebian(Podman podman) throws IOException {
    return podman.startIdle(
        List.of("-v", Deb.file().toAbsolutePath() + ":" + IN_CONTAINER + ":ro"),
        podman.baseImage());
  }

  private static Podman.Result asAgent(Podman.Container box, String... command) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("runuser", "-u", "jouleflow", "--"));
    args.addAll(List.of(command));
    return box.exec(args.toArray(String[]::new)).orThrow(String.join(" ", command));
  }
}

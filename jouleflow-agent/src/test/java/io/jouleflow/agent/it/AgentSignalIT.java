package io.jouleflow.agent.it;

import static io.jouleflow.agent.fixture.AgentProcess.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process and the signals a day brings: SIGHUP (a closed terminal, a reflexive {@code
 * systemctl reload}) is ignored with one line, and a SIGKILL while pushing leaves nothing in the
 * temporary folder (no native library was extracted there).
 */
class AgentSignalIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target/jouleflow.jar").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void sighupIsIgnoredWithOneLineAndTheAgentKeepsServing() throws Exception {
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(100);
        HttpClient client = HttpClient.newHttpClient()) {
      int port = PrometheusServer.freePort();
      Path stderr = dir.resolve("stderr.txt");
      Process agent =
          start(Map.of("SYSFS_PATH", tree.root().toString(), "EXPORTER_PORT", "" + port), stderr);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> get(client, port, "/-/ready").statusCode() == 200);

      signal("HUP", agent);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(stderr).contains("SIGHUP"));
      signal("HUP", agent);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(stderr).split("SIGHUP ignored", -1).length == 3);

      assertThat(agent.isAlive()).isTrue();
      assertThat(get(client, port, "/metrics").body()).contains("jouleflow_energy_joules_total{");
      assertThat(Files.readString(stderr))
          .contains(
              "SIGHUP ignored: settings are read at start-up; restart to apply; the web config"
                  + " file is re-read on each connection");
      agent.destroy();
      assertThat(agent.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).isZero();
    }
  }

  @Test
  void aSigkillWhilePushingLeavesNothingInTheTemporaryFolder() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path stderr = dir.resolve("push-stderr.txt");
    int closedPort = PrometheusServer.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("SENSORS", "model");
    environment.put("EXPORT_MODE", "push");
    environment.put("EXPORTER_ADDRESS", "127.0.0.1");
    environment.put("EXPORTER_PORT", "" + PrometheusServer.freePort());
    environment.put("PUSH_INTERVAL_S", "0.2");
    environment.put("REMOTE_WRITE_URL", "http://127.0.0.1:" + closedPort + "/api/v1/write");
    environment.put("JOULEFLOW_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
    Process agent = start(environment, stderr);
    await("a request compressed and tried")
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(stderr).contains("keeping its"));
    assertThat(list(tmp)).as("while running").isEmpty();

    agent.destroyForcibly(); // SIGKILL
    assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).isEqualTo(137);
    assertThat(list(tmp)).as("after SIGKILL").isEmpty();
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  private static void signal(String name, Process process) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, "" + process.pid()).start().waitFor())
        .isZero();
  }

  private static Process start(Map<String, String> environment, Path stderr) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("bin/jouleflow").toString()).redirectError(stderr.toFile());
    builder.environment().put("JOULEFLOW_JAR", JAR.toString());
    builder.environment().put("EXPORTER_ADDRESS", "127.0.0.1");
    builder.environment().putAll(environment);
    return builder.start();
  }
}

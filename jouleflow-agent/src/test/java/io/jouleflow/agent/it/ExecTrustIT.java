package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.fixture.AgentProcess;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent with an exec plugin that forges series, and one that outlives SIGTERM. */
class ExecTrustIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private AgentProcess agent;

  @AfterEach
  void stopAgent() throws InterruptedException {
    if (agent != null && agent.process.isAlive()) {
      agent.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void forgedRecordsAreRejectedAndTheExpositionPassesPromtool() throws Exception {
    assumeTrue(onPath("promtool"), "promtool (Debian's prometheus package) on PATH");
    int port =
        startAgent(
            """
            echo '{"metric":"jouleflow_build_info","labels":{"version":"forged"},"value":1}'
            echo '{"metric":"jouleflow_energy_joules_total","labels":{"source":"rapl","domain":"package","device":"0"},"value":5}'
            echo '{"metric":"x","labels":{"a":"1"},"value":1}'
            echo '{"metric":"x_total","labels":{"a":"1"},"value":2}'
            echo '{"metric":"jouleflow_energy_joules_total","labels":{"source":"dummy","domain":"package","device":"0"},"value":4}'
            echo '{"metric":"jouleflow_energy_joules_total","labels":{"source":"exec","domain":"package","device":"0"},"value":3}'
            exec sleep 1000
            """);
    List<String> scrapes = new CopyOnWriteArrayList<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      // each plugin record is served once to a consumer: keep every scrape
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () ->
                  scrapes.add(get(client, port))
                      && String.join("", scrapes).contains("source=\"exec\""));
      scrapes.add(get(client, port));
    }

    assertThat(String.join("", scrapes))
        .contains("jouleflow_build_info{version=\"")
        .doesNotContain("forged")
        .doesNotContain("x_total")
        .doesNotContain("source=\"dummy\"")
        .contains("x{a=\"1\"} 1 ");
    assertThat(scrapes.getLast())
        .contains(dropped("reserved_metric", 1))
        .contains(dropped("reserved_series", 2))
        .contains(dropped("family_conflict", 1));
    for (String metrics : scrapes) {
      assertThat(promtool(metrics)).isEqualTo("exit 0");
    }
  }

  /** What {@code promtool check metrics} says of {@code metrics}, ending in its exit status. */
  private String promtool(String metrics) throws Exception {
    Path file = dir.resolve("metrics.txt");
    Files.writeString(file, metrics);
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics")
            .redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
    String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return verdict + "exit " + promtool.waitFor();
  }

  @Test
  void anExecProgramAndItsChildrenDieWhenTheAgentIsKilled() throws Exception {
    startAgent(
        """
        trap '' TERM
        ( sleep 1000 & echo $! > "$DIR/orphan" )
        sleep 1000 &
        echo $$ > "$DIR/pid"
        wait
        """);
    long pid = awaitPid("pid");
    long orphan = awaitPid("orphan");
    assertThat(groupMembers(pid)).contains(pid, orphan);

    agent.process.destroyForcibly(); // SIGKILL: the agent cannot clean up itself

    await().atMost(PATIENCE).until(() -> groupMembers(pid).isEmpty());
  }

  @Test
  void anExecProgramThatIgnoresSigtermAndItsChildrenStopWithTheAgent() throws Exception {
    startAgent(
        """
        trap '' TERM
        ( sleep 1000 & echo $! > "$DIR/orphan" )
        echo $$ > "$DIR/pid"
        while :; do sleep 1; done
        """);
    long pid = awaitPid("pid");
    awaitPid("orphan");

    agent.process.destroy(); // SIGTERM
    assertThat(agent.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    await().atMost(PATIENCE).until(() -> groupMembers(pid).isEmpty());
  }

  private int startAgent(String script) throws Exception {
    Path program = dir.resolve("program.sh");
    Files.writeString(program, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    agent =
        AgentProcess.start(
            Map.of("SENSORS", "model", "EXEC_COMMAND", program.toString(), "DIR", dir.toString()),
            PrometheusServer.freePort(),
            dir.resolve("agent.log"));
    return agent.port;
  }

  private long awaitPid(String name) throws Exception {
    Path file = dir.resolve(name);
    await()
        .atMost(PATIENCE)
        .until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
    return Long.parseLong(Files.readString(file).strip());
  }

  /** The live processes (not zombies) of group {@code pgid}, from /proc. */
  private static List<Long> groupMembers(long pgid) throws Exception {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .filter(p -> liveInGroup(p, pgid))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    }
  }

  private static boolean liveInGroup(Path process, long pgid) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid;
    } catch (Exception e) {
      return false;
    }
  }

  private static String dropped(String reason, int count) {
    return "jouleflow_plugin_records_dropped_total{plugin=\"exec\",reason=\""
        + reason
        + "\"} "
        + count
        + "\n";
  }

  private static String get(HttpClient client, int port) throws Exception {
    return AgentProcess.get(client, port, "/metrics").body();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}

package io.jouleflow.agent.it;

import static io.jouleflow.agent.fixture.AgentProcess.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as users run it: {@code bin/jouleflow} over the built jar, in its own process. */
class AgentProcessIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target/jouleflow.jar").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void aBadSettingIsOneLineOnStandardErrorAndExitStatusTwo() throws Exception {
    Result result = run(Map.of("MAX_QUEUE_LEN", "lots"), "--scrape-interval-seconds", "0.5");
    assertThat(result.status).isEqualTo(2);
    assertThat(result.stderr)
        .isEqualTo(
            "jouleflow: MAX_QUEUE_LEN (from environment) is 'lots'; accepted: an integer in"
                + " 1..16777216\n");
    assertThat(result.stdout).isEmpty();
  }

  @Test
  void argumentMistakesAreOneLineAndExitTwoWithoutAStackTrace() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"measure"},
            new String[] {"help", "nothing"},
            new String[] {"sensors", "extra"},
            new String[] {"--exporter-port"})) {
      Result result = run(Map.of(), args);
      assertThat(result.status).as(String.join(" ", args)).isEqualTo(2);
      assertThat(result.stderr).startsWith("jouleflow").hasLineCount(1).doesNotContain("Exception");
      assertThat(result.stdout).isEmpty();
    }
  }

  @Test
  void helpExitsZeroAndNamesTheSettings() throws Exception {
    Result result = run(Map.of(), "--help");
    assertThat(result.status).isZero();
    assertThat(result.stdout).contains("--scrape-interval-seconds,").contains("--help-settings");
  }

  @Test
  void onAHostOf64GibOrMoreTheHeapCeilingKeepsCompressedOops() throws Exception {
    Result big =
        run(Map.of("JOULEFLOW_JAVA_OPTS", "-XX:MaxRAM=128g -XX:+PrintFlagsFinal"), "--version");
    assertThat(big.status).isZero();
    assertThat(Long.parseLong(flag(big.stdout, "MaxHeapSize")))
        .as("heap ceiling on a host of 128 GiB")
        .isGreaterThan(16L << 30)
        .isLessThan(32L << 30);
    assertThat(flag(big.stdout, "UseCompressedOops")).isEqualTo("true");
  }

  private static String flag(String printFlagsFinal, String name) {
    return printFlagsFinal
        .lines()
        .map(String::strip)
        .filter(line -> line.split("\\s+").length > 3 && line.split("\\s+")[1].equals(name))
        .map(line -> line.split("\\s+")[3])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flag " + name));
  }

  @Test
  void servesUntilSigtermThenStopsWithinFiveSecondsWithStatusZero() throws Exception {
    try (FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve("sys")).packages(1).build().start(100)) {
      int port = PrometheusServer.freePort();
      Path stderr = dir.resolve("stderr.txt");
      Process agent =
          builder(
                  Map.of(
                      "SYSFS_PATH",
                      tree.root().toString(),
                      "EXPORTER_PORT",
                      "" + port,
                      "EXPORTER_ADDRESS",
                      "127.0.0.1"))
              .redirectError(stderr.toFile())
              .start();
      try (HttpClient client = HttpClient.newHttpClient()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> get(client, port, "/-/ready").statusCode() == 200);
        assertThat(get(client, port, "/-/healthy").statusCode()).isEqualTo(200);
        assertThat(get(client, port, "/").body()).contains("<b>rapl</b>").contains("package");
        assertThat(get(client, port, "/metrics").body())
            .contains(
                "jouleflow_energy_joules_total{device=\"0\",domain=\"package\","
                    + "source=\"rapl\"}");
        assertThat(get(client, port, "/nothing").statusCode()).isEqualTo(404);
      }
      agent.destroy(); // SIGTERM
      assertThat(agent.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
      assertThat(agent.exitValue()).isZero();
      assertThat(Files.readString(stderr))
          .contains("jouleflow ")
          .contains(": measuring package, core, dram of device 0 (rapl); ")
          .doesNotContain("Exception");
    }
  }

  @Test
  void ctrlCReachesTheMeasuredCommandAndTheReportIsStillPrinted() throws Exception {
    Path stderr = dir.resolve("measure-stderr.txt");
    List<String> command =
        List.of("setsid", ROOT.resolve("bin/jouleflow").toString(), "measure", "--", "sleep", "30");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().put("JOULEFLOW_JAR", JAR.toString());
    builder.environment().put("SENSORS", "model");
    Process measure = builder.start();
    await("sleep started under measure")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                measure
                    .descendants()
                    .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
    // A terminal's Ctrl-C: SIGINT to the whole foreground process group.
    new ProcessBuilder("kill", "-INT", "--", "-" + measure.pid()).start().waitFor();
    assertThat(measure.waitFor(10, TimeUnit.SECONDS)).as("measure ended").isTrue();
    assertThat(measure.exitValue()).isEqualTo(130);
    assertThat(Files.readString(stderr))
        .contains("jouleflow measure: sleep 30 exited with status 130 after ")
        .containsPattern("model +package +0 +[0-9.]+ +[0-9.]+");
  }

  private Result run(Map<String, String> environment, String... args) throws Exception {
    Process process = builder(environment, args).start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), stdout, stderr);
  }

  private static ProcessBuilder builder(Map<String, String> environment, String... args) {
    List<String> command =
        new java.util.ArrayList<>(List.of(ROOT.resolve("bin/jouleflow").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JOULEFLOW_JAR", JAR.toString());
    builder.environment().putAll(environment);
    return builder;
  }

  private record Result(int status, String stdout, String stderr) {}
}

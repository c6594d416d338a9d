package io.jouleflow.agent.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as users run it, {@code bin/jouleflow} over the built jar in its own process, bound to
 * 127.0.0.1 on a given port; closing it stops it with SIGTERM (SIGKILL after 10 s).
 */
final class AgentProcess implements AutoCloseable {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target/jouleflow.jar").toAbsolutePath();

  final Process process;
  final int port;
  final Path stderr;

  private AgentProcess(Process process, int port, Path stderr) {
    this.process = process;
    this.port = port;
    this.stderr = stderr;
  }

  /**
   * Starts the agent with {@code environment} on {@code port}, standard error to {@code stderr}.
   */
  static AgentProcess start(Map<String, String> environment, int port, Path stderr)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/jouleflow").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("JOULEFLOW_JAR", JAR.toString());
    builder.environment().put("EXPORTER_ADDRESS", "127.0.0.1");
    builder.environment().put("EXPORTER_PORT", Integer.toString(port));
    builder.environment().putAll(environment);
    return new AgentProcess(builder.start(), port, stderr);
  }

  /** Waits until {@code /-/ready} answers 200, failing early with the log if the agent exits. */
  AgentProcess awaitReady(HttpClient client) {
    await("agent ready")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .failFast("agent exited: " + log(), () -> !process.isAlive())
        .until(() -> get(client, "/-/ready").statusCode() == 200);
    return this;
  }

  HttpResponse<String> get(HttpClient client, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The peak resident set size of the agent's JVM, in KiB ({@code VmHWM}). */
  long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmHWM for pid " + process.pid());
  }

  String log() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

package io.jouleflow.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The package under test, {@code target/jouleflow.deb} (built at {@code package}, before these
 * tests run), and the commands the tests run on it: {@code dpkg-deb} and the unpacked agent.
 */
final class Deb {

  /** The agent's version as {@code jouleflow --version} prints it. */
  static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Deb() {}

  /** What one command did. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** The package file; fails the test with what to run when it was not built. */
  static Path file() {
    Path deb = Path.of(System.getProperty("deb.file", "target/jouleflow.deb"));
    if (!Files.isRegularFile(deb)) {
      throw new IllegalStateException(
          deb + " is missing: build it with ./mvnw -pl jouleflow-dist -am package -DskipTests");
    }
    return deb;
  }

  /** Unpacks the package's files under {@code root} ({@code dpkg-deb -x}), as dpkg would. */
  static Path extract(Path root) throws IOException {
    run(Map.of(), "dpkg-deb", "-x", file().toString(), root.toString());
    return root;
  }

  /** Runs {@code command} with {@code env} added; throws when it exits non-zero. */
  static Result run(Map<String, String> env, String... command) throws IOException {
    Result result = exec(env, command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + result.exitCode() + "): " + result);
    }
    return result;
  }

  /** Runs {@code command} with {@code env} added, at most a minute. */
  static Result exec(Map<String, String> env, String... command) throws IOException {
    Path out = Files.createTempFile("deb-test", ".out");
    Path err = Files.createTempFile("deb-test", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(List.of(command))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(String.join(" ", command) + " ran over " + TIMEOUT);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}

package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Prometheus config under {@code deploy/} passes {@code promtool check config} of the oldest
 * supported Prometheus (Debian's 2.42, which {@code bin/test} installs). Fails, never skips, when
 * promtool is missing.
 */
class PrometheusConfigCheckTest {

  static final Path DEPLOY = Path.of("../deploy");

  @Test
  void everyPrometheusConfigUnderDeployPassesPromtool() throws Exception {
    Path promtool = promtool();
    List<Path> configs = prometheusConfigs();
    assertThat(configs).as("Prometheus configs under %s", DEPLOY).isNotEmpty();
    for (Path config : configs) {
      Process process =
          new ProcessBuilder(promtool.toString(), "check", "config", config.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool on %s ended", config).isTrue();
      assertThat(process.exitValue()).as("promtool check config %s:%n%s", config, output).isZero();
    }
  }

  /** The files named {@code prometheus*.yml} (or {@code .yaml}) anywhere under deploy/. */
  static List<Path> prometheusConfigs() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files
          .filter(Files::isRegularFile)
          .filter(path -> path.getFileName().toString().matches("prometheus.*\\.ya?ml"))
          .sorted()
          .toList();
    }
  }

  static Path promtool() {
    Path binary = Path.of(System.getenv().getOrDefault("PROMTOOL_BIN", "/usr/bin/promtool"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " not found: install Debian's prometheus package (apt-get install prometheus)"
              + " or set PROMTOOL_BIN; bin/test does this");
    }
    return binary;
  }
}

package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineRunnerTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void helpListsEverySettingWithItsEnvironmentNameAndDefault() {
    assertThat(run(Map.of(), "--help")).isZero();
    for (Setting setting : Setting.values()) {
      assertThat(out.toString()).contains(setting.flag()).contains(setting.name());
    }
    assertThat(out.toString()).contains("Default: 9092.").contains("Default: 0.1.");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aBadEnvironmentValueIsOneLineAndStatusTwo() {
    assertThat(run(Map.of("SCRAPE_INTERVAL_SECONDS", "fast"))).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jouleflow: SCRAPE_INTERVAL_SECONDS (from environment) is 'fast'; accepted: a number"
                + " of seconds in 0.001..3600\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadFlagValueIsOneLineAndStatusTwo() {
    assertThat(run(Map.of(), "--exporter-port", "70000")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("jouleflow: EXPORTER_PORT (from command line) is '70000'")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void anUnknownFlagIsOneLineAndStatusTwo() {
    assertThat(run(Map.of(), "--scrape-intervall", "1")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("jouleflow: Unknown option")
        .contains("--scrape-intervall")
        .endsWith("see jouleflow --help\n")
        .hasLineCount(1);
  }

  @Test
  void aForcedSensorThatCannotRunIsOneLineAndStatusTwo() {
    assertThat(run(Map.of("SENSORS", "rapl", "SYSFS_PATH", "/tmp", "EXPORTER_PORT", "0")))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("jouleflow: SENSORS=rapl cannot run: ").hasLineCount(1);
  }

  @Test
  void measureWithoutACommandIsOneLineAndStatusTwo() {
    assertThat(run(Map.of(), "measure", "--")).isEqualTo(2);
    assertThat(run(Map.of(), "measure", "--format", "json")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            ("jouleflow: measure needs a command: jouleflow measure [--format FORMAT] [--output"
                    + " FILE] -- COMMAND [ARG...]\n")
                .repeat(2));
  }

  private int run(Map<String, String> environment, String... args) {
    return new CommandLineRunner(
            environment, new PrintWriter(out, true), new PrintWriter(err, true))
        .run(args);
  }
}

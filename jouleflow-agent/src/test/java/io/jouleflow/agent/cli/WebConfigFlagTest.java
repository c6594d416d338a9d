package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web config file by the ecosystem's flag name, and its errors: one line, status 2. */
class WebConfigFlagTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void theEcosystemsFlagNameIsAcceptedAndAMissingFileIsOneLineAndStatusTwo() {
    Path missing = dir.resolve("web.yml");
    for (String flag : new String[] {"--web.config.file", "--web-config-file"}) {
      StringWriter errors = new StringWriter();
      int status =
          new CommandLineRunner(
                  Map.of("SENSORS", "model", "EXPORTER_PORT", "0"),
                  new PrintWriter(out, true),
                  new PrintWriter(errors, true))
              .run(new String[] {flag, missing.toString()});
      assertThat(status).as(flag).isEqualTo(2);
      assertThat(errors.toString())
          .as(flag)
          .isEqualTo(
              "jouleflow: WEB_CONFIG_FILE " + missing + ": cannot be read (NoSuchFileException)\n");
    }
    assertThat(err.toString()).isEmpty();
  }
}

package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is what users read: it must list every setting as the code has it.
 */
class ReadmeTest {

  @Test
  void everySettingHasARowWithItsFlagAndDefault() throws IOException {
    List<String> rows =
        Files.readAllLines(Path.of("../README.md")).stream()
            .filter(line -> line.startsWith("| `"))
            .toList();
    for (Setting setting : Setting.values()) {
      assertThat(rows)
          .as("README row for %s", setting)
          .anySatisfy(
              row -> {
                assertThat(row).startsWith("| `" + setting.name() + "` | `" + setting.flag() + "`");
                if (!setting.defaultValue().isEmpty()) {
                  assertThat(row).contains("| `" + setting.defaultValue() + "` |");
                }
              });
    }
  }
}

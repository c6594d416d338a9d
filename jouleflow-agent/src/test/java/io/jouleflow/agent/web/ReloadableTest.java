package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.runtime.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableTest {

  @TempDir Path dir;
  private final WebStats stats = new WebStats();

  @Test
  void aChangedFileTheLoaderChokesOnKeepsThePreviousValueAndIsCountedOnce() throws IOException {
    Path file = Files.writeString(dir.resolve("cert.pem"), "good");
    Reloadable<String> value =
        new Reloadable<>(
            "the test file",
            List.of(file),
            files -> {
              String text = Files.readString(files.get(0));
              if (!text.equals("good")) {
                throw new IllegalArgumentException("not base64");
              }
              return text;
            },
            stats,
            new FakeClock());
    Files.writeString(file, "garbage that is longer");

    assertThat(value.get(List.of(file))).isEqualTo("good");
    assertThat(value.get(List.of(file))).isEqualTo("good");
    assertThat(stats.metrics().toString()).contains("outcome, failure], value=1.0");
  }
}

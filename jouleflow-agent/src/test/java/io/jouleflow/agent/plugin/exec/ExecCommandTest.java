package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.config.PluginSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecCommandTest {

  @TempDir Path dir;

  @Test
  void findsTheProgramOnPath() throws Exception {
    Path program = script("monitor");
    ExecCommand command =
        ExecCommand.resolve("exec", List.of("monitor", "--fast"), "/nonexistent:" + dir);
    assertThat(command.argv()).containsExactly("monitor", "--fast");
    assertThat(Files.isExecutable(program)).isTrue();
  }

  @Test
  void createsACollectorFromTheSettings() throws Exception {
    Path program = script("monitor");
    try (ExecCollector collector =
        ExecCollector.create(
            "exec-gpu", List.of(program.toString(), "-v"), settings(), Map.of(), Clock.SYSTEM)) {
      assertThat(collector.pluginName()).isEqualTo("exec-gpu");
      assertThat(collector.command()).containsExactly(program.toString(), "-v");
      assertThat(collector.description()).contains(program + " -v");
      assertThat(collector.stats().restarts()).isZero();
    }
  }

  @Test
  void theProgramIsToldTheAgentsIntervalInPlainSecondsAndItsRawQueueSize() {
    assertThat(ExecPlugins.programSettings(settings(), Duration.ofSeconds(2)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("SCRAPE_INTERVAL_SECONDS", "2", "RAW_QUEUE_SIZE", "10"));
    assertThat(ExecPlugins.programSettings(settings(), Duration.ofMillis(1)))
        .containsEntry("SCRAPE_INTERVAL_SECONDS", "0.001");
  }

  @Test
  void aProgramNotOnPathIsNamedInOneLine() {
    assertThatThrownBy(
            () ->
                ExecCollector.create(
                    "exec",
                    List.of("no-such-monitor-xyz", "a.py"),
                    settings(),
                    Map.of(),
                    Clock.SYSTEM))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("exec plugin 'exec' (no-such-monitor-xyz a.py): ")
        .hasMessageContaining("'no-such-monitor-xyz' not found on PATH")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aMissingPathIsNamed() {
    Path missing = dir.resolve("missing.sh");
    assertThatThrownBy(
            () ->
                ExecCollector.create(
                    "exec", List.of(missing.toString()), settings(), Map.of(), Clock.SYSTEM))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("program " + missing + " not found");
  }

  @Test
  void aFileThatIsNotExecutableIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("monitor.py"), "print(1)\n");
    assertThatThrownBy(
            () ->
                ExecCollector.create(
                    "exec", List.of(file.toString()), settings(), Map.of(), Clock.SYSTEM))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("program " + file + " is not an executable file");
    assertThatThrownBy(() -> ExecCommand.resolve("exec", List.of("monitor.py"), dir.toString()))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("program " + file + " is not an executable file");
  }

  @Test
  void anEmptyCommandIsRefused() {
    assertThatThrownBy(
            () -> ExecCollector.create("exec", List.of(), settings(), Map.of(), Clock.SYSTEM))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("exec plugin 'exec': empty command");
  }

  private Path script(String name) throws IOException {
    Path program = dir.resolve(name);
    Files.writeString(program, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return program;
  }

  static PluginSettings settings() {
    return new PluginSettings(
        Optional.empty(),
        Map.of(),
        10,
        10,
        16,
        100,
        "exec",
        "pyjoules_remote_write_energy_uj",
        Map.of(),
        10_000);
  }
}

package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

  @TempDir Path dir;

  @Test
  void defaultsMatchTheDocumentedValues() throws Exception {
    Settings settings = SettingsLoader.load(Map.of(), Map.of());
    assertThat(settings.exporterPort()).isEqualTo(9092);
    assertThat(settings.interval()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.maxQueueLen()).isEqualTo(1000);
    assertThat(settings.sensors()).containsExactly("auto");
    assertThat(settings.exportMode()).isEqualTo(Settings.ExportMode.PULL);
    assertThat(settings.push().url()).hasToString("http://prometheus:9090/api/v1/write");
    assertThat(settings.push().maxSamplesPerSend()).isEqualTo(2000);
    assertThat(settings.plugins().metricDefault()).isEqualTo("pyjoules_remote_write_energy_uj");
    assertThat(settings.sysfs()).isEqualTo(Path.of("/sys"));
    assertThat(settings.value(Setting.TDP_WATTS)).isEmpty();
    assertThat(settings.logLevel()).isEqualTo("info");
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
    Path file = dir.resolve("jouleflow.properties");
    Files.writeString(file, "EXPORTER_PORT=1111\nMAX_QUEUE_LEN=50\nLOG_LEVEL=debug\n");
    Settings settings =
        SettingsLoader.load(
            Map.of(
                "CONFIG_FILE",
                file.toString(),
                "EXPORTER_PORT",
                "2222",
                "MAX_QUEUE_LEN",
                "60",
                "PATH",
                "/usr/bin"),
            Map.of(Setting.EXPORTER_PORT, "3333"));
    assertThat(settings.exporterPort()).isEqualTo(3333);
    assertThat(settings.maxQueueLen()).isEqualTo(60);
    assertThat(settings.logLevel()).isEqualTo("debug");
  }

  @Test
  void acceptsTheIntervalRangeAndMillisecondPrecision() throws Exception {
    assertThat(interval("0.001")).isEqualTo(Duration.ofMillis(1));
    assertThat(interval("3600")).isEqualTo(Duration.ofHours(1));
    assertThat(interval("0.25")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aBadValueNamesTheSettingItsOriginAndWhatIsAccepted() {
    assertThatThrownBy(() -> interval("0.0001"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "SCRAPE_INTERVAL_SECONDS (from environment) is '0.0001'; accepted: a number of"
                + " seconds in 0.001..3600");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of(Setting.EXPORTER_PORT, "http")))
        .hasMessage(
            "EXPORTER_PORT (from command line) is 'http'; accepted: 0..65535 (0 picks a"
                + " free port)");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("SENSORS", "rapl,,model"), Map.of()))
        .hasMessageStartingWith("SENSORS (from environment) is 'rapl,,model'; accepted: a comma");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("MAX_QUEUE_LEN", "0"), Map.of()))
        .hasMessageStartingWith("MAX_QUEUE_LEN (from environment) is '0'");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("LOG_LEVEL", "loud"), Map.of()))
        .hasMessage(
            "LOG_LEVEL (from environment) is 'loud'; accepted: error, warn, info, debug"
                + " or trace");
  }

  @Test
  void aSensorsOwnSettingIsLeftAsTextForThatSensorToParse() throws Exception {
    Settings settings =
        SettingsLoader.load(
            Map.of("TDP_WATTS", " -5 ", "NVML_INTERVAL_SECONDS", "fast", "MSR_PATH", "/no/msr"),
            Map.of());
    assertThat(settings.value(Setting.TDP_WATTS)).contains("-5");
    assertThat(settings.value(Setting.NVML_INTERVAL_SECONDS)).contains("fast");
    assertThat(settings.value(Setting.MSR_PATH)).contains("/no/msr");
  }

  @Test
  void eachSensorsSettingNamesItsOwnerAndTheAgentsNameNone() {
    assertThat(Setting.TDP_WATTS.owner()).contains("model");
    assertThat(Setting.MSR_PATH.owner()).contains("msr");
    assertThat(Setting.NVML_LIBRARY.owner()).contains("nvml");
    assertThat(Setting.NVML_INTERVAL_SECONDS.owner()).contains("nvml");
    assertThat(Setting.SYSFS_PATH.owner()).isEmpty();
    assertThat(Setting.EXPORTER_PORT.owner()).isEmpty();
  }

  @Test
  void aMissingDirectoryIsNamed() {
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("SYSFS_PATH", "/no/such/sys"), Map.of()))
        .hasMessage(
            "SYSFS_PATH (from environment) is '/no/such/sys', which is not a directory;"
                + " accepted: a directory");
  }

  @Test
  void anUnknownKeyInTheFileIsAnError() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "EXPORTER_PORT=1111\nSCRAPE_INTERVAL=1\n");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("CONFIG_FILE", file.toString()), Map.of()))
        .hasMessageStartingWith(
            "CONFIG_FILE '"
                + file
                + "' has an unknown setting"
                + " 'SCRAPE_INTERVAL'; accepted: EXPORTER_PORT, ");
  }

  @Test
  void aBadValueInTheFileNamesTheFile() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "EXPORTER_PORT=99999\n");
    assertThatThrownBy(
            () -> SettingsLoader.load(Map.of(), Map.of(Setting.CONFIG_FILE, file.toString())))
        .hasMessageStartingWith("EXPORTER_PORT (from file " + file + ") is '99999'");
  }

  @Test
  void anUnreadableFileIsNamed() {
    assertThatThrownBy(
            () -> SettingsLoader.load(Map.of("CONFIG_FILE", "/no/such.properties"), Map.of()))
        .hasMessageStartingWith("CONFIG_FILE '/no/such.properties' cannot be read");
  }

  @Test
  void contradictingSettingsAreNamedTogether() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    Map.of("SCRAPE_INTERVAL_SECONDS", "0.1", "SCRAPE_INTERVAL_S", "1"), Map.of()))
        .hasMessage(
            "SCRAPE_INTERVAL_S (from environment) is '1' but SCRAPE_INTERVAL_SECONDS (from"
                + " environment) is"
                + " '0.1'; accepted: one of them, or both equal");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("REMOTE_WRITE_USERNAME", "u"), Map.of()))
        .hasMessage(
            "REMOTE_WRITE_USERNAME (from environment) needs REMOTE_WRITE_PASSWORD_FILE; accepted:"
                + " both or neither");
  }

  @Test
  void theSeedsIntervalNameIsAnAlias() throws Exception {
    assertThat(SettingsLoader.load(Map.of("SCRAPE_INTERVAL_S", "0.5"), Map.of()).interval())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void headersCannotOverrideTheProtocolsOwn() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    Map.of("REMOTE_WRITE_HEADERS", "X-Scope-OrgID=a,Content-Encoding=gzip"),
                    Map.of()))
        .hasMessageStartingWith(
            "REMOTE_WRITE_HEADERS (from environment): header 'Content-Encoding' is set by"
                + " jouleflow or Java's HTTP client; reserved: ");
  }

  @Test
  void execCommandsArePluginsAndPluginKeysAreKept() throws Exception {
    Path file = dir.resolve("plugins.properties");
    Files.writeString(
        file, "EXEC_COMMAND_GPU=python3 '/opt/my monitor.py' --fast\nPLUGIN_DUMMY_WATTS=40\n");
    Settings settings =
        SettingsLoader.load(
            Map.of(
                "CONFIG_FILE",
                file.toString(),
                "EXEC_COMMAND",
                "/bin/monitor -x",
                "PLUGIN_DUMMY_PERIOD",
                "2"),
            Map.of());
    assertThat(settings.plugins().execCommands())
        .containsEntry("exec", List.of("/bin/monitor", "-x"))
        .containsEntry("exec-gpu", List.of("python3", "/opt/my monitor.py", "--fast"));
    assertThat(settings.plugins().own())
        .containsEntry("PLUGIN_DUMMY_WATTS", "40")
        .containsEntry("PLUGIN_DUMMY_PERIOD", "2");
  }

  @Test
  void anExecCommandThatCannotBeSplitIsNamed() throws IOException {
    Path file = dir.resolve("exec.properties");
    Files.writeString(file, "EXEC_COMMAND_GPU=python3 'monitor.py\n");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("CONFIG_FILE", file.toString()), Map.of()))
        .hasMessage(
            "EXEC_COMMAND_GPU is 'python3 'monitor.py' (unterminated ' quote); accepted: empty or a"
                + " command line (program and arguments, shell-style quoting)");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("EXEC_COMMAND", "\\"), Map.of()))
        .hasMessageStartingWith("EXEC_COMMAND is '\\' (trailing backslash); accepted: ");
  }

  @Test
  void onlyPluginKeysAreTakenFromTheEnvironment() throws Exception {
    Settings settings =
        SettingsLoader.load(
            Map.of("EXEC_COMMAND_GPU", "/bin/gpu", "PLUGIN_DUMMY_WATTS", " 40 "), Map.of());
    assertThat(settings.plugins().execCommands()).isEmpty();
    assertThat(settings.plugins().own()).containsExactly(entry("PLUGIN_DUMMY_WATTS", "40"));
  }

  private static Duration interval(String seconds) throws SettingsException {
    return SettingsLoader.load(Map.of("SCRAPE_INTERVAL_SECONDS", seconds), Map.of()).interval();
  }
}

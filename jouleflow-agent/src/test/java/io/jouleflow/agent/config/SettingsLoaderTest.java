package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    assertThat(settings.sensors()).isEqualTo(Settings.SensorChoice.AUTO);
    assertThat(settings.sysfs()).isEqualTo(Path.of("/sys"));
    assertThat(settings.tdpWatts()).isEmpty();
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
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("SENSORS", "gpu"), Map.of()))
        .hasMessageStartingWith("SENSORS (from environment) is 'gpu'; accepted: auto, rapl or");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("MAX_QUEUE_LEN", "0"), Map.of()))
        .hasMessageStartingWith("MAX_QUEUE_LEN (from environment) is '0'");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("TDP_WATTS", "-5"), Map.of()))
        .hasMessageStartingWith("TDP_WATTS (from environment) is '-5'");
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("LOG_LEVEL", "loud"), Map.of()))
        .hasMessage(
            "LOG_LEVEL (from environment) is 'loud'; accepted: error, warn, info, debug"
                + " or trace");
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

  private static Duration interval(String seconds) throws SettingsException {
    return SettingsLoader.load(Map.of("SCRAPE_INTERVAL_SECONDS", seconds), Map.of()).interval();
  }
}

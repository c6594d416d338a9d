package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.plugin.CollectorPlugin;
import io.jouleflow.agent.sampling.NamedSensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one start-up path of every command, with sensor plugins from a jar in {@code PLUGINS_DIR}.
 */
class InstallationTest {

  @TempDir Path dir;

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeEach
  void installPlugins() throws Exception {
    SensorPlugins.jar(dir);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable one : opened) {
      one.close();
    }
  }

  @Test
  void aSensorPluginGetsTheSettingsItDeclaresOnEveryPath() throws Exception {
    Settings settings = settings("metered", "PLUGIN_METERED_WATTS", "40");

    List<NamedSensor> measured = keep(load(settings).openScheduledOnly());
    assertThat(measured).extracting(NamedSensor::name).containsExactly("metered");
    assertThat(lastContext().ownSettings()).isEqualTo(Map.of("WATTS", "40"));

    Installation.Opened agent = keep(load(settings).openForAgent());
    assertThat(agent.sensors()).extracting(NamedSensor::name).containsExactly("metered");
    assertThat(lastContext().ownSettings()).isEqualTo(Map.of("WATTS", "40"));

    assertThat(load(settings).probe())
        .filteredOn(probe -> probe.name().equals("metered"))
        .singleElement()
        .satisfies(probe -> assertThat(probe.available()).isTrue());
    assertThat(lastContext().ownSettings()).isEqualTo(Map.of("WATTS", "40"));
  }

  @Test
  void aSettingASensorPluginDoesNotDeclareIsAOneLineStartupErrorOnEveryPath() throws Exception {
    Settings settings = settings("metered", "PLUGIN_METERED_VOLTS", "230");
    String message =
        "PLUGIN_METERED_VOLTS is not a setting of plugin 'metered'; accepted: PLUGIN_METERED_WATTS";

    assertThatThrownBy(() -> load(settings).openForAgent())
        .isInstanceOf(StartupException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> load(settings).openScheduledOnly()).hasMessage(message);
    assertThatThrownBy(() -> load(settings).probe()).hasMessage(message);
  }

  @Test
  void aSensorThrowingTheDeprecatedExceptionIsReportedAsBefore() throws Exception {
    Settings settings = settings("retired");

    assertThatThrownBy(() -> load(settings).openForAgent())
        .isInstanceOf(StartupException.class)
        .hasMessage("SENSORS=retired cannot run: no retired hardware here");
    assertThatThrownBy(() -> load(settings).openScheduledOnly())
        .hasMessage("SENSORS=retired cannot run: no retired hardware here");
    assertThat(load(settings).probe())
        .contains(new SensorProbe("retired", false, "no retired hardware here", List.of()));
  }

  @Test
  void sensorsOpenedBeforeOneThatCannotRunAreClosedAgain() throws Exception {
    assertThatThrownBy(() -> load(settings("metered,retired")).openForAgent())
        .hasMessage("SENSORS=retired cannot run: no retired hardware here");

    assertThat(Objects.requireNonNull(SensorPlugins.Metered.lastSensor).closed).isTrue();
  }

  @Test
  void probesEverySensorInTheOrderAutoTriesThem() throws Exception {
    assertThat(load(settings("auto")).probe())
        .extracting(SensorProbe::name)
        .containsExactly("rapl", "msr", "model", "nvml", "broken", "metered", "retired");
  }

  @Test
  void anExecPluginOpensAsACollectorPluginWithItsSelfMetrics() throws Exception {
    Path program = dir.resolve("monitor.sh");
    Files.writeString(program, "#!/bin/sh\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));

    Installation.Opened agent =
        keep(load(settings("metered", "EXEC_COMMAND", program.toString())).openForAgent());

    assertThat(agent.collectors()).extracting(CollectorPlugin::name).containsExactly("exec");
    assertThat(agent.scheduledSources())
        .as("the plugin jar's scheduled sensor's source, reserved for the pipeline")
        .containsExactly("metered");
    assertThat(agent.collectors().getFirst().description())
        .isEqualTo("runs " + program + " and reads JSON lines from its stdout");
    assertThat(agent.execs().metrics())
        .extracting(SelfMetric::name)
        .containsExactly(
            "jouleflow_exec_lines",
            "jouleflow_exec_bad_lines",
            "jouleflow_exec_restarts",
            "jouleflow_exec_records_shed");
  }

  @Test
  void anExecPluginNamedInSensorsIsRefusedWithWhereExecProgramsComeFrom() throws Exception {
    Settings settings = settings("metered,exec", "EXEC_COMMAND", "/bin/true");
    String expected =
        "SENSORS names 'exec', an exec plugin: exec programs run from EXEC_COMMAND"
            + " (EXEC_COMMAND_<NAME> in the CONFIG_FILE) without being named in SENSORS; accepted:"
            + " SENSORS without exec";

    assertThatThrownBy(() -> load(settings).openForAgent())
        .isInstanceOf(StartupException.class)
        .hasMessage(expected);
    assertThat(Objects.requireNonNull(SensorPlugins.Metered.lastSensor).closed).isTrue();
    assertThatThrownBy(() -> load(settings).openScheduledOnly())
        .isInstanceOf(StartupException.class)
        .hasMessage(expected);
  }

  @Test
  void anExecProgramThatCannotRunIsAStartupErrorAndTheSensorsAreClosed() throws Exception {
    Settings settings = settings("metered", "EXEC_COMMAND", "/no/such/monitor");

    assertThatThrownBy(() -> load(settings).openForAgent())
        .isInstanceOf(StartupException.class)
        .hasMessage("exec plugin 'exec' (/no/such/monitor): program /no/such/monitor not found");
    assertThat(Objects.requireNonNull(SensorPlugins.Metered.lastSensor).closed).isTrue();
  }

  private static io.jouleflow.api.PluginContext lastContext() {
    return Objects.requireNonNull(SensorPlugins.Metered.lastContext);
  }

  private Installation load(Settings settings) throws StartupException {
    Installation installation = Installation.load(settings);
    opened.push(installation);
    return installation;
  }

  private List<NamedSensor> keep(List<NamedSensor> sensors) {
    sensors.forEach(sensor -> opened.push(sensor.sensor()));
    return sensors;
  }

  private Installation.Opened keep(Installation.Opened agent) {
    keep(agent.sensors());
    agent.collectors().forEach(plugin -> opened.push(plugin.collector()));
    return agent;
  }

  @Test
  void aWrongValueOfASettingOfASensorAutoTriesStopsTheAgent() throws Exception {
    Path nothing = Files.createDirectory(dir.resolve("nothing"));
    Settings settings =
        settings(
            "auto",
            "SYSFS_PATH",
            nothing.toString(),
            "MSR_PATH",
            nothing.toString(),
            "TDP_WATTS",
            "-5");

    assertThatThrownBy(() -> load(settings).openForAgent())
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "SENSORS=auto tried model, which cannot run: TDP_WATTS must be watts in 1..5000, got"
                + " '-5'");
  }

  @Test
  void aSensorThatThrowsWhatTheContractDoesNotAllowIsUnavailableNotACrash() throws Exception {
    Settings settings = settings("broken");

    assertThatThrownBy(() -> load(settings).openForAgent())
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "SENSORS=broken cannot run: it failed to open (java.lang.IllegalStateException: the"
                + " author forgot a case)");
    assertThat(load(settings).probe())
        .filteredOn(probe -> probe.name().equals("broken"))
        .singleElement()
        .satisfies(probe -> assertThat(probe.available()).isFalse());
  }

  private Settings settings(String sensors, String... more) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("SENSORS", sensors);
    environment.put("PLUGINS_DIR", dir.toString());
    for (int i = 0; i < more.length; i += 2) {
      environment.put(more[i], more[i + 1]);
    }
    return SettingsLoader.load(environment, Map.of());
  }
}

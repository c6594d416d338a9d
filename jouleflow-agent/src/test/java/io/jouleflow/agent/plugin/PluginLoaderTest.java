package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.SensorProvider;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

  @TempDir Path dir;

  private final Deque<PluginLoader> loaders = new ArrayDeque<>();

  @BeforeEach
  void installPlugins() throws Exception {
    TestPlugins.jar(
        dir,
        "plugins.jar",
        Map.of(
            CollectorProvider.class,
            List.of(
                TestPlugins.Scripted.class,
                TestPlugins.Unavailable.class,
                TestPlugins.Faulty.class),
            SensorProvider.class,
            List.of(TestPlugins.JarSensor.class)));
  }

  @AfterEach
  void closeLoaders() {
    loaders.forEach(PluginLoader::close);
  }

  @Test
  void findsTheClassPathsProvidersWithoutAPluginsDir() throws Exception {
    PluginLoader loader = load(Optional.empty());

    assertThat(loader.sensorProviders())
        .containsKeys("rapl", "model")
        .doesNotContainKey("jarsensor");
    assertThat(loader.collectorProviders()).doesNotContainKey("scripted");
    assertThat(loader.classLoader()).isSameAs(PluginLoader.class.getClassLoader());
  }

  @Test
  void findsTheProvidersOfEveryJarThroughAChildOfTheAgentsClassLoader() throws Exception {
    PluginLoader loader = load(Optional.of(dir));

    assertThat(loader.sensorProviders()).containsKeys("rapl", "model", "jarsensor");
    assertThat(loader.collectorProviders()).containsKeys("scripted", "unavailable", "faulty");
    assertThat(loader.installed()).contains("jarsensor", "model", "rapl", "scripted");
    assertThat(loader.classLoader()).isInstanceOf(URLClassLoader.class);
    assertThat(loader.classLoader().getParent()).isSameAs(PluginLoader.class.getClassLoader());
    assertThat(loader.problems()).isEmpty();
  }

  @Test
  void opensANamedPluginWithItsOwnSettingsOnly() throws Exception {
    Settings settings =
        settings("scripted", "PLUGIN_SCRIPTED_RATE", "5", "PLUGIN_SCRIPTED_HOST", "h1");

    List<CollectorPlugin> opened = open(load(Optional.of(dir)), settings, List.of("scripted"));

    assertThat(opened).extracting(CollectorPlugin::name).containsExactly("scripted");
    assertThat(opened.getFirst().description()).isEqualTo("replays records for tests");
    assertThat(TestPlugins.lastContext.ownSettings()).isEqualTo(Map.of("RATE", "5", "HOST", "h1"));
    assertThat(TestPlugins.lastContext.setting("SENSORS")).contains("scripted");
    assertThat(TestPlugins.lastContext.setting("NO_SUCH_SETTING")).isEmpty();
    assertThat(TestPlugins.lastContext.intervalNanos()).isEqualTo(100_000_000L);
  }

  @Test
  void aPluginSettingItsPluginDoesNotDeclareIsAnError() throws Exception {
    Settings settings = settings("scripted", "PLUGIN_SCRIPTED_BOGUS", "1");

    assertThatThrownBy(() -> open(load(Optional.of(dir)), settings, List.of("scripted")))
        .isInstanceOf(PluginException.class)
        .hasMessage(
            "PLUGIN_SCRIPTED_BOGUS is not a setting of plugin 'scripted'; accepted:"
                + " PLUGIN_SCRIPTED_HOST, PLUGIN_SCRIPTED_RATE");
  }

  @Test
  void aPluginSettingOfNoInstalledPluginIsAnErrorEvenWhenNoPluginIsNamed() throws Exception {
    Settings settings = settings("auto", "PLUGIN_SCRIPTD_RATE", "1");

    assertThatThrownBy(() -> open(load(Optional.of(dir)), settings, List.of()))
        .isInstanceOf(PluginException.class)
        .hasMessageStartingWith("PLUGIN_SCRIPTD_RATE names no installed plugin; installed: [")
        .hasMessageContaining("scripted");
  }

  @Test
  void aScheduledSensorTakesNoPluginSettings() throws Exception {
    Settings settings = settings("auto", "PLUGIN_RAPL_ZONES", "1");

    assertThatThrownBy(() -> open(load(Optional.of(dir)), settings, List.of()))
        .isInstanceOf(PluginException.class)
        .hasMessage(
            "PLUGIN_RAPL_ZONES is not a setting of plugin 'rapl'; accepted: none (it takes no"
                + " settings of its own)");
  }

  @Test
  void aSensorPluginsViewHoldsTheSettingsItDeclares() throws Exception {
    Settings settings =
        settings("jarsensor", "PLUGIN_JARSENSOR_WATTS", "40", "PLUGIN_SCRIPTED_RATE", "5");

    PluginViews views = load(Optional.of(dir)).views(settings);

    assertThat(views.of("jarsensor").ownSettings()).isEqualTo(Map.of("WATTS", "40"));
    assertThat(views.of("jarsensor").setting("SENSORS")).contains("jarsensor");
    assertThat(views.of("rapl").ownSettings()).isEmpty();
  }

  @Test
  void aSettingASensorPluginDoesNotDeclareIsAnError() throws Exception {
    Settings settings = settings("jarsensor", "PLUGIN_JARSENSOR_VOLTS", "1");

    assertThatThrownBy(() -> load(Optional.of(dir)).views(settings))
        .isInstanceOf(PluginException.class)
        .hasMessage(
            "PLUGIN_JARSENSOR_VOLTS is not a setting of plugin 'jarsensor'; accepted:"
                + " PLUGIN_JARSENSOR_WATTS");
  }

  @Test
  void aNameNothingProvidesIsAnErrorListingWhatIsInstalled() throws Exception {
    assertThatThrownBy(() -> open(load(Optional.of(dir)), settings("nope"), List.of("nope")))
        .isInstanceOf(PluginException.class)
        .hasMessageStartingWith("SENSORS names 'nope', but no such sensor or plugin is installed;")
        .hasMessageContaining("installed: [")
        .hasMessageContaining("rapl")
        .hasMessageContaining("scripted");
    assertThatThrownBy(() -> open(load(Optional.empty()), settings("nope"), List.of("nope")))
        .hasMessageEndingWith("(PLUGINS_DIR is not set)");
  }

  @Test
  void aJarOrProviderThatCannotBeLoadedIsSkippedAndNamedWhenItsPluginIsMissing() throws Exception {
    Files.writeString(dir.resolve("broken.jar"), "not a zip file");
    TestPlugins.jarWithMissingClass(dir, "missing-class.jar");

    PluginLoader loader = load(Optional.of(dir));

    assertThat(loader.collectorProviders()).containsKey("scripted");
    assertThat(loader.problems()).hasSize(2);
    assertThatThrownBy(() -> open(loader, settings("dummy"), List.of("dummy")))
        .hasMessageContaining("could not load: jar ")
        .hasMessageContaining("broken.jar cannot be read")
        .hasMessageContaining("com.example.Missing");
  }

  @Test
  void aNamedPluginThatCannotRunIsAnError() throws Exception {
    PluginLoader loader = load(Optional.of(dir));

    assertThatThrownBy(() -> open(loader, settings("unavailable"), List.of("unavailable")))
        .isInstanceOf(PluginException.class)
        .hasMessage("SENSORS=unavailable cannot run: no such hardware here");
  }

  @Test
  void aPluginThatFailsToOpenIsAnErrorAndWhatWasOpenedIsClosed() throws Exception {
    PluginLoader loader = load(Optional.of(dir));

    assertThatThrownBy(
            () -> open(loader, settings("scripted,faulty"), List.of("scripted", "faulty")))
        .isInstanceOf(PluginException.class)
        .hasMessageStartingWith("SENSORS=faulty cannot run: plugin ")
        .hasMessageContaining("failed to open: java.lang.IllegalStateException: processor bug");
    assertThat(TestPlugins.Faulty.opened.closed).isTrue();
    assertThat(TestPlugins.lastCollector.closed).isTrue();
  }

  @Test
  void twoPluginsOfOneNameAreAnError() throws Exception {
    TestPlugins.jar(
        dir, "twin.jar", Map.of(CollectorProvider.class, List.of(TestPlugins.ScriptedTwin.class)));

    assertThatThrownBy(() -> load(Optional.of(dir)))
        .isInstanceOf(PluginException.class)
        .hasMessageStartingWith("two plugins are named 'scripted': ")
        .hasMessageContaining(TestPlugins.ScriptedTwin.class.getName());
  }

  /** Checks the plugin settings and opens the collectors {@code names}, as the agent does. */
  private static List<CollectorPlugin> open(
      PluginLoader loader, Settings settings, List<String> names) throws PluginException {
    return loader.openCollectors(loader.views(settings), names);
  }

  private PluginLoader load(Optional<Path> pluginsDir) throws PluginException {
    PluginLoader loader = PluginLoader.load(pluginsDir);
    loaders.push(loader);
    return loader;
  }

  private Settings settings(String sensors, String... plugin) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("SENSORS", sensors);
    environment.put("PLUGINS_DIR", dir.toString());
    for (int i = 0; i < plugin.length; i += 2) {
      environment.put(plugin[i], plugin[i + 1]);
    }
    return SettingsLoader.load(environment, Map.of());
  }
}

package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.plugin.CollectorPlugin;
import io.jouleflow.agent.plugin.PluginException;
import io.jouleflow.agent.plugin.PluginLoader;
import io.jouleflow.agent.plugin.PluginProbe;
import io.jouleflow.agent.plugin.PluginViews;
import io.jouleflow.agent.plugin.exec.ExecPlugins;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensors and plugins installed here (the class path's and {@code PLUGINS_DIR}'s), loaded once,
 * and the one way to open them, for every command: {@link #openForAgent} (the agent), {@link
 * #openScheduledOnly} ({@code measure}) and {@link #probe} ({@code sensors}) all check the plugins'
 * own settings and open sensors through the same {@link SensorChooser}. Close it after what it
 * opened is closed: that closes the plugin jars.
 */
public final class Installation implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Installation.class);

  private final Settings settings;
  private final PluginLoader loader;

  private Installation(Settings settings, PluginLoader loader) {
    this.settings = settings;
    this.loader = loader;
  }

  /**
   * Finds the installed sensors and plugins; opens nothing.
   *
   * @throws StartupException when the plugin folder cannot be read, or two plugins share a name
   */
  public static Installation load(Settings settings) throws StartupException {
    try {
      return new Installation(settings, PluginLoader.load(settings.plugins().dir()));
    } catch (PluginException e) {
      throw StartupException.of(e);
    }
  }

  /**
   * Opens what the agent runs: the scheduled sensors {@code SENSORS} names, its free-running
   * plugins and the exec plugins. Everything or nothing: on failure, what was opened is closed.
   *
   * @throws StartupException with one line naming the cause
   */
  Opened openForAgent() throws StartupException {
    List<NamedSensor> sensors = new ArrayList<>();
    List<CollectorPlugin> collectors = new ArrayList<>();
    try {
      PluginViews views = views();
      SensorChooser.Chosen chosen = chooser(views).open(settings.sensors());
      sensors.addAll(chosen.sensors());
      warnAboutIdleSensorSettings(sensors);
      refuseExecNames(chosen.others());
      collectors.addAll(loader.openCollectors(views, chosen.others()));
      ExecPlugins execs = ExecPlugins.open(settings.plugins(), settings.interval(), Clock.SYSTEM);
      collectors.addAll(execs.plugins());
      return new Opened(sensors, collectors, execs);
    } catch (StartupException | PluginException | UnavailableException e) {
      SensorChooser.close(sensors);
      collectors.forEach(plugin -> plugin.collector().close());
      throw switch (e) {
        case StartupException startup -> startup;
        case PluginException plugin -> StartupException.of(plugin);
        default -> new StartupException(String.valueOf(e.getMessage()));
      };
    }
  }

  /**
   * Opens the scheduled sensors {@code SENSORS} names, for {@code measure}; names of free-running
   * plugins are skipped with a warning: {@code measure} reads scheduled sensors only.
   *
   * @throws StartupException when a named sensor cannot run, nothing provides a name, or a plugin
   *     setting is wrong
   */
  public List<NamedSensor> openScheduledOnly() throws StartupException {
    SensorChooser.Chosen chosen = chooser(views()).open(settings.sensors());
    for (String name : chosen.others()) {
      if (isExecName(name)) {
        SensorChooser.close(chosen.sensors());
        throw new StartupException(execNamed(name));
      }
      if (!loader.collectorProviders().containsKey(name)) {
        SensorChooser.close(chosen.sensors());
        throw new StartupException(
            "SENSORS names '"
                + name
                + "', which is not installed; installed: "
                + loader.installed());
      }
      log.warn("{} is a free-running plugin: measure reads scheduled sensors only", name);
    }
    warnAboutIdleSensorSettings(chosen.sensors());
    return chosen.sensors();
  }

  /**
   * What each installed scheduled sensor would measure here, found by opening and closing it, in
   * the order {@code auto} tries them: {@code jouleflow sensors}.
   *
   * @throws StartupException when a plugin setting is wrong
   */
  public List<SensorProbe> probe() throws StartupException {
    return chooser(views()).probeAll();
  }

  /**
   * The free-running plugins installed (the class path's and {@code PLUGINS_DIR}'s) or named in
   * {@code SENSORS}, then the exec programs: whether each can run here and why not, found by
   * opening and closing it (nothing is started): {@code jouleflow sensors}. Jars that could not be
   * loaded are listed as unavailable too.
   *
   * @throws StartupException when a plugin setting is wrong
   */
  public List<PluginProbe> probePlugins() throws StartupException {
    PluginViews views = views();
    Set<String> names = new TreeSet<>(loader.collectorProviders().keySet());
    for (String name : settings.sensors()) {
      if (!name.equals(Settings.AUTO)
          && !loader.sensorProviders().containsKey(name)
          && !isExecName(name)) {
        names.add(name);
      }
    }
    List<PluginProbe> probes = new ArrayList<>();
    for (String name : names) {
      if (!settings.sensors().contains(name)) {
        probes.add(
            new PluginProbe(
                name,
                PluginProbe.Status.NOT_NAMED,
                "installed; add " + name + " to SENSORS to run it"));
        continue;
      }
      if (!loader.collectorProviders().containsKey(name)) {
        probes.add(
            new PluginProbe(
                name,
                PluginProbe.Status.UNAVAILABLE,
                "SENSORS names it, but it is not installed; installed: "
                    + loader.installed()
                    + (settings.plugins().dir().isEmpty() ? " (PLUGINS_DIR is not set)" : "")));
        continue;
      }
      try {
        List<CollectorPlugin> opened = loader.openCollectors(views, List.of(name));
        opened.forEach(plugin -> plugin.collector().close());
        probes.add(
            new PluginProbe(name, PluginProbe.Status.AVAILABLE, opened.getFirst().description()));
      } catch (PluginException e) {
        String why =
            String.valueOf(e.getMessage()).replace("SENSORS=" + name + " cannot run: ", "");
        probes.add(new PluginProbe(name, PluginProbe.Status.UNAVAILABLE, why));
      }
    }
    loader
        .problems()
        .forEach(
            problem -> probes.add(new PluginProbe("jar", PluginProbe.Status.UNAVAILABLE, problem)));
    for (PluginProbe exec : ExecPlugins.probe(settings.plugins())) {
      probes.add(
          settings.sensors().contains(exec.name())
              ? new PluginProbe(
                  exec.name(),
                  PluginProbe.Status.UNAVAILABLE,
                  execNamed(exec.name()) + "; the program: " + exec.detail())
              : exec);
    }
    return probes;
  }

  /**
   * Whether {@code name}, given in {@code SENSORS}, is an exec plugin's rather than an installed
   * plugin's: exec programs run from {@code EXEC_COMMAND} without being named there.
   */
  private boolean isExecName(String name) {
    return !loader.collectorProviders().containsKey(name)
        && (settings.plugins().execCommands().containsKey(name)
            || name.equals("exec")
            || name.startsWith("exec-"));
  }

  private static String execNamed(String name) {
    return "SENSORS names '"
        + name
        + "', an exec plugin: exec programs run from EXEC_COMMAND (EXEC_COMMAND_<NAME> in the"
        + " CONFIG_FILE) without being named in SENSORS; accepted: SENSORS without "
        + name;
  }

  /** Refuses an exec plugin's name in {@code SENSORS}, in one line that says why. */
  private void refuseExecNames(List<String> names) throws StartupException {
    for (String name : names) {
      if (isExecName(name)) {
        throw new StartupException(execNamed(name));
      }
    }
  }

  /** Closes the plugin jars. */
  @Override
  public void close() {
    loader.close();
  }

  private void warnAboutIdleSensorSettings(List<NamedSensor> running) {
    IdleSensorSettings.find(settings, running.stream().map(NamedSensor::name).toList())
        .forEach(log::warn);
  }

  private PluginViews views() throws StartupException {
    try {
      return loader.views(settings);
    } catch (PluginException e) {
      throw StartupException.of(e);
    }
  }

  private SensorChooser chooser(PluginViews views) {
    return new SensorChooser(loader.sensorProviders(), views);
  }

  /**
   * What {@link #openForAgent} opened.
   *
   * @param sensors the scheduled sensors, for the sampler
   * @param collectors the free-running plugins, exec plugins included, for the pipeline
   * @param execs the exec plugins, for their self-metrics
   */
  record Opened(List<NamedSensor> sensors, List<CollectorPlugin> collectors, ExecPlugins execs) {

    /**
     * The {@code source} labels of the scheduled sensors' series (built-in or from a plugin jar),
     * which the pipeline reserves: no free-running plugin may write them.
     */
    Set<String> scheduledSources() {
      Set<String> sources = new TreeSet<>();
      for (NamedSensor sensor : sensors) {
        for (Series series : sensor.sensor().series()) {
          String source = series.labels().get("source");
          if (source != null) {
            sources.add(source);
          }
        }
      }
      return Collections.unmodifiableSet(sources);
    }
  }
}

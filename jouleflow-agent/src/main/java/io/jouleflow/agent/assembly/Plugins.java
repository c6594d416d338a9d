package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.plugin.CollectorPlugin;
import io.jouleflow.agent.plugin.PipelineStats;
import io.jouleflow.agent.plugin.PluginException;
import io.jouleflow.agent.plugin.PluginLoader;
import io.jouleflow.agent.plugin.exec.ExecPlugins;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent opened at start-up: its scheduled sensors, its free-running collectors (plugins
 * named in {@code SENSORS} and the exec commands) and the plugin jars they come from.
 */
final class Plugins implements AutoCloseable {

  private final PluginLoader loader;
  private final List<NamedSensor> sensors;
  private final List<CollectorPlugin> collectors;
  private final ExecPlugins execs;
  private final PipelineStats stats = new PipelineStats();

  private Plugins(
      PluginLoader loader,
      List<NamedSensor> sensors,
      List<CollectorPlugin> collectors,
      ExecPlugins execs) {
    this.loader = loader;
    this.sensors = sensors;
    this.collectors = collectors;
    this.execs = execs;
  }

  static PluginLoader load(Settings settings) throws StartupException {
    try {
      return PluginLoader.load(settings.plugins().dir());
    } catch (PluginException e) {
      throw Agent.startupError(e);
    }
  }

  /** Opens everything or nothing: on failure, what was opened is closed again. */
  static Plugins open(Settings settings) throws StartupException {
    PluginLoader loader = load(settings);
    List<NamedSensor> sensors = List.of();
    List<CollectorPlugin> collectors = new ArrayList<>();
    try {
      SensorChooser.Chosen chosen = SensorChooser.open(settings, loader.sensorProviders());
      sensors = chosen.sensors();
      collectors.addAll(loader.openCollectors(settings, chosen.others()));
      ExecPlugins execs = ExecPlugins.open(settings.plugins());
      collectors.addAll(execs.plugins());
      return new Plugins(loader, sensors, collectors, execs);
    } catch (StartupException | PluginException | UnavailableException e) {
      sensors.forEach(sensor -> sensor.sensor().close());
      collectors.forEach(plugin -> plugin.collector().close());
      loader.close();
      throw e instanceof StartupException startup
          ? startup
          : new StartupException(String.valueOf(e.getMessage()));
    }
  }

  List<NamedSensor> sensors() {
    return sensors;
  }

  List<CollectorPlugin> collectors() {
    return collectors;
  }

  PipelineStats stats() {
    return stats;
  }

  /** The exec programs' self-metrics: lines read, rejected by reason, restarts. */
  List<SelfMetric> execMetrics() {
    return execs.metrics();
  }

  @Override
  public void close() {
    loader.close();
  }
}

package io.jouleflow.agent;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.SensorUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens the sensors the settings ask for: with {@code SENSORS=auto}, RAPL when it can be read, else
 * the model estimate; a named sensor that cannot run is a start-up error.
 */
final class SensorChooser {

  private SensorChooser() {}

  /**
   * The scheduled sensors named in {@code SENSORS}, opened, and the names left for the plugin
   * pipeline.
   */
  static Chosen open(Settings settings) throws StartupException {
    Map<String, SensorProvider> providers = providers();
    PluginContext context = new SettingsContext(settings);
    List<NamedSensor> sensors = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String name : settings.sensors()) {
      if (name.equals(Settings.AUTO)) {
        sensors.add(openAuto(providers, context));
      } else if (providers.containsKey(name)) {
        sensors.add(openNamed(providers, name, context));
      } else {
        others.add(name);
      }
    }
    return new Chosen(sensors, others);
  }

  /**
   * What {@link #open} chose.
   *
   * @param sensors the open scheduled sensors
   * @param others names that are no scheduled sensor: plugins for the pipeline
   */
  record Chosen(List<NamedSensor> sensors, List<String> others) {}

  private static NamedSensor openAuto(Map<String, SensorProvider> providers, PluginContext context)
      throws StartupException {
    try {
      return open(provider(providers, "rapl"), context, "");
    } catch (SensorUnavailableException e) {
      try {
        return open(provider(providers, "model"), context, "; no RAPL: " + e.getMessage());
      } catch (SensorUnavailableException model) {
        throw new StartupException(
            "SENSORS=auto found nothing to measure: no RAPL ("
                + e.getMessage()
                + ") and no"
                + " model ("
                + model.getMessage()
                + ")");
      }
    }
  }

  private static NamedSensor openNamed(
      Map<String, SensorProvider> providers, String name, PluginContext context)
      throws StartupException {
    try {
      return open(provider(providers, name), context, "");
    } catch (SensorUnavailableException e) {
      throw new StartupException("SENSORS=" + name + " cannot run: " + e.getMessage());
    }
  }

  private static NamedSensor open(SensorProvider provider, PluginContext context, String note)
      throws SensorUnavailableException {
    ScheduledSensor sensor = provider.open(context);
    return new NamedSensor(provider.name(), sensor + note, sensor);
  }

  private static SensorProvider provider(Map<String, SensorProvider> providers, String name)
      throws StartupException {
    SensorProvider provider = providers.get(name);
    if (provider == null) {
      throw new StartupException(
          "SENSORS names '"
              + name
              + "', but no such sensor is installed; installed: "
              + providers.keySet());
    }
    return provider;
  }

  private static Map<String, SensorProvider> providers() {
    Map<String, SensorProvider> providers = new TreeMap<>();
    for (SensorProvider provider : ServiceLoader.load(SensorProvider.class)) {
      providers.put(provider.name().toLowerCase(Locale.ROOT), provider);
    }
    return providers;
  }

  /** A sensor's read-only view of the agent's settings. */
  private record SettingsContext(Settings settings) implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      for (Setting setting : Setting.values()) {
        if (setting.name().equals(name)) {
          return settings.value(setting);
        }
      }
      return Optional.empty();
    }

    @Override
    public Path sysfs() {
      return settings.sysfs();
    }

    @Override
    public Path procfs() {
      return settings.procfs();
    }

    @Override
    public long intervalNanos() {
      return settings.interval().toNanos();
    }
  }
}

package io.jouleflow.agent;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.SensorUnavailableException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the sensors the settings ask for: with {@code SENSORS=auto}, RAPL when it can be read, else
 * the model estimate; a named sensor that cannot run is a start-up error.
 */
final class SensorChooser {

  private static final Logger log = LoggerFactory.getLogger(SensorChooser.class);

  private SensorChooser() {}

  static List<NamedSensor> open(Settings settings) throws StartupException {
    Map<String, SensorProvider> providers = providers();
    PluginContext context = new SettingsContext(settings);
    return switch (settings.sensors()) {
      case RAPL -> List.of(openNamed(providers, "rapl", context));
      case MODEL -> List.of(openNamed(providers, "model", context));
      case AUTO -> List.of(openAuto(providers, context));
    };
  }

  private static NamedSensor openAuto(Map<String, SensorProvider> providers, PluginContext context)
      throws StartupException {
    try {
      return open(provider(providers, "rapl"), context);
    } catch (SensorUnavailableException e) {
      log.warn(
          "no RAPL energy counters, estimating from CPU utilisation instead: {}", e.getMessage());
      return openNamed(providers, "model", context);
    }
  }

  private static NamedSensor openNamed(
      Map<String, SensorProvider> providers, String name, PluginContext context)
      throws StartupException {
    try {
      return open(provider(providers, name), context);
    } catch (SensorUnavailableException e) {
      throw new StartupException("SENSORS=" + name + " cannot run: " + e.getMessage());
    }
  }

  private static NamedSensor open(SensorProvider provider, PluginContext context)
      throws SensorUnavailableException {
    ScheduledSensor sensor = provider.open(context);
    return new NamedSensor(provider.name(), sensor.toString(), sensor);
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
    Map<String, SensorProvider> providers = new HashMap<>();
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

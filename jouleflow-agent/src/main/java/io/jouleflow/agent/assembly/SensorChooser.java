package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.plugin.PluginView;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the sensors the settings ask for: with {@code SENSORS=auto}, RAPL when it can be read, else
 * the model estimate; a named sensor that cannot run is a start-up error.
 */
final class SensorChooser {

  /** The CPU sources {@code auto} tries, in order; it takes the first that opens. */
  static final List<String> CPU_ORDER = List.of("rapl", "msr", "model");

  /** Sensors {@code auto} adds whenever they open (they measure other domains). */
  static final List<String> EXTRAS = List.of("nvml");

  private static final Logger log = LoggerFactory.getLogger(SensorChooser.class);

  private SensorChooser() {}

  /**
   * The scheduled sensors named in {@code SENSORS}, opened from {@code providers} (by lower-case
   * name), and the names left for the plugin pipeline.
   */
  static Chosen open(Settings settings, Map<String, SensorProvider> providers)
      throws StartupException {
    PluginContext context = PluginView.of(settings);
    List<NamedSensor> sensors = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String name : settings.sensors()) {
      if (name.equals(Settings.AUTO)) {
        sensors.addAll(openAuto(providers, context, settings.sensors()));
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

  /** The providers in {@code auto}'s order, then the others by name. */
  static Map<String, SensorProvider> ordered(Map<String, SensorProvider> providers) {
    Map<String, SensorProvider> found = new TreeMap<>(providers);
    Map<String, SensorProvider> ordered = new LinkedHashMap<>();
    for (String name : CPU_ORDER) {
      ifPresent(found, name, ordered);
    }
    for (String name : EXTRAS) {
      ifPresent(found, name, ordered);
    }
    ordered.putAll(found);
    return ordered;
  }

  private static List<NamedSensor> openAuto(
      Map<String, SensorProvider> providers, PluginContext context, List<String> named)
      throws StartupException {
    List<NamedSensor> opened = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (String name : CPU_ORDER) {
      if (!providers.containsKey(name) || named.contains(name)) {
        continue;
      }
      try {
        String note = reasons.isEmpty() ? "" : "; " + String.join("; ", reasons);
        opened.add(open(providers.get(name), context, note));
        break;
      } catch (UnavailableException e) {
        reasons.add("no " + name + ": " + e.getMessage());
      }
    }
    if (opened.isEmpty()) {
      throw new StartupException(
          "SENSORS=auto found nothing to measure: " + String.join("; ", reasons));
    }
    for (String name : EXTRAS) {
      if (providers.containsKey(name) && !named.contains(name)) {
        try {
          opened.add(open(providers.get(name), context, ""));
        } catch (UnavailableException e) {
          log.info("{} not used: {}", name, e.getMessage());
        }
      }
    }
    return opened;
  }

  private static NamedSensor openNamed(
      Map<String, SensorProvider> providers, String name, PluginContext context)
      throws StartupException {
    try {
      return open(providers.get(name), context, "");
    } catch (UnavailableException e) {
      throw new StartupException("SENSORS=" + name + " cannot run: " + e.getMessage());
    }
  }

  private static NamedSensor open(
      @Nullable SensorProvider provider, PluginContext context, String note)
      throws UnavailableException {
    if (provider == null) {
      throw new IllegalStateException("no provider");
    }
    ScheduledSensor sensor = provider.open(context);
    return new NamedSensor(provider.name(), sensor + note, sensor);
  }

  private static void ifPresent(
      Map<String, SensorProvider> from, String name, Map<String, SensorProvider> to) {
    SensorProvider provider = from.get(name);
    if (provider != null) {
      to.put(name, provider);
    }
  }
}

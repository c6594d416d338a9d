package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.plugin.PluginLoader;
import io.jouleflow.agent.plugin.PluginView;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each installed sensor would measure on this machine, found by opening and closing it: {@code
 * jouleflow sensors}.
 *
 * @param name the sensor's name
 * @param available whether it opened
 * @param detail what it measures and how, or why it cannot run
 * @param series the series it would export (empty when unavailable)
 */
public record SensorProbe(String name, boolean available, String detail, List<Series> series) {

  /** Freezes the series. */
  public SensorProbe {
    series = List.copyOf(series);
  }

  /**
   * Probes every installed scheduled sensor (the class path's and {@code PLUGINS_DIR}'s), in the
   * order {@code auto} tries them.
   *
   * @throws StartupException when the plugin folder cannot be read
   */
  public static List<SensorProbe> probeAll(Settings settings) throws StartupException {
    try (PluginLoader loader = Plugins.load(settings)) {
      return probe(settings, SensorChooser.ordered(loader.sensorProviders()));
    }
  }

  private static List<SensorProbe> probe(Settings settings, Map<String, SensorProvider> providers) {
    List<SensorProbe> probes = new ArrayList<>();
    PluginView context = PluginView.of(settings);
    for (SensorProvider provider : providers.values()) {
      try (ScheduledSensor sensor = provider.open(context)) {
        probes.add(new SensorProbe(provider.name(), true, sensor.toString(), sensor.series()));
      } catch (UnavailableException e) {
        probes.add(
            new SensorProbe(provider.name(), false, String.valueOf(e.getMessage()), List.of()));
      }
    }
    return probes;
  }

  /** The names {@code SENSORS=auto} runs on this machine, given {@code probes}. */
  public static List<String> autoChoice(List<SensorProbe> probes) {
    List<String> chosen = new ArrayList<>();
    probes.stream()
        .filter(probe -> probe.available && SensorChooser.CPU_ORDER.contains(probe.name))
        .findFirst()
        .ifPresent(probe -> chosen.add(probe.name));
    probes.stream()
        .filter(probe -> probe.available && SensorChooser.EXTRAS.contains(probe.name))
        .forEach(probe -> chosen.add(probe.name));
    return chosen;
  }

  /** The domains this sensor would export, e.g. {@code package (0, 1), dram (0, 1)}. */
  public String domains() {
    Map<String, List<String>> devices = new java.util.LinkedHashMap<>();
    for (Series one : series) {
      devices
          .computeIfAbsent(one.labels().getOrDefault("domain", "?"), d -> new ArrayList<>())
          .add(one.labels().getOrDefault("device", "?"));
    }
    List<String> parts = new ArrayList<>();
    devices.forEach((domain, list) -> parts.add(domain + " (" + String.join(", ", list) + ")"));
    return String.join(", ", parts);
  }
}

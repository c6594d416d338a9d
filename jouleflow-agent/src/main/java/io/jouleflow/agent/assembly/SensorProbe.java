package io.jouleflow.agent.assembly;

import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one installed sensor would measure on this machine, found by opening and closing it ({@link
 * Installation#probe}): {@code jouleflow sensors}.
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

  /** The names {@code SENSORS=auto} runs on this machine, given {@code probes}. */
  public static List<String> autoChoice(List<SensorProbe> probes) {
    Map<String, SensorProbe> byName = new LinkedHashMap<>();
    probes.forEach(probe -> byName.putIfAbsent(probe.name, probe));
    return AutoPolicy.choose(byName::containsKey, name -> availableName(byName, name)).all();
  }

  /** The domains this sensor would export, e.g. {@code package (0, 1), dram (0, 1)}. */
  public String domains() {
    Map<String, List<String>> devices = new LinkedHashMap<>();
    for (Series one : series) {
      devices
          .computeIfAbsent(one.labels().getOrDefault("domain", "?"), d -> new ArrayList<>())
          .add(one.labels().getOrDefault("device", "?"));
    }
    List<String> parts = new ArrayList<>();
    devices.forEach((domain, list) -> parts.add(domain + " (" + String.join(", ", list) + ")"));
    return String.join(", ", parts);
  }

  private static String availableName(Map<String, SensorProbe> byName, String name)
      throws UnavailableException {
    SensorProbe probe = byName.get(name);
    if (probe == null || !probe.available) {
      throw new UnavailableException(probe == null ? "not installed" : probe.detail);
    }
    return name;
  }
}

package io.jouleflow.agent.sensor;

import io.jouleflow.api.Series;
import java.util.List;
import java.util.stream.Collectors;

/** The one line a sensor gives for the start-up log and {@code jouleflow sensors}. */
public final class SensorDescriptions {

  private SensorDescriptions() {}

  /**
   * E.g. {@code measured: package, core, dram of devices 0, 1 from RAPL counters in
   * /sys/class/powercap}.
   */
  public static String measured(List<Series> series, String from) {
    return "measured: "
        + distinct(series, "domain")
        + " of devices "
        + distinct(series, "device")
        + " from "
        + from;
  }

  private static String distinct(List<Series> series, String label) {
    return series.stream()
        .map(one -> one.labels().getOrDefault(label, "?"))
        .distinct()
        .collect(Collectors.joining(", "));
  }
}

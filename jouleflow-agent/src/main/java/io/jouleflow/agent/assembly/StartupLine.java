package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.Series;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agent's one start-up line, short enough to read: what is measured (domains and devices per
 * sensor), how many series, how often, and where they go. How each sensor reads, and why others
 * were passed over, is logged at debug level and shown by {@code jouleflow sensors}.
 */
final class StartupLine {

  private StartupLine() {}

  /**
   * E.g. {@code jouleflow 0.1.0: measuring package, dram of devices 0, 1 (rapl); 4 series every 100
   * ms; energy per workload every 1 s; /metrics on 0.0.0.0:9092}.
   *
   * @param attributionInterval how often energy is split per workload, null when it is not
   * @param plugins the free-running plugins' names
   * @param where where the samples go, e.g. {@code /metrics on 0.0.0.0:9092}
   */
  static String of(
      String version,
      List<NamedSensor> sensors,
      int series,
      Duration interval,
      @Nullable Duration attributionInterval,
      List<String> plugins,
      String where) {
    StringBuilder line = new StringBuilder("jouleflow ").append(version).append(": ");
    line.append(what(sensors));
    line.append("; ").append(series).append(" series every ").append(duration(interval));
    if (attributionInterval != null) {
      line.append("; energy per workload every ").append(duration(attributionInterval));
    }
    if (!plugins.isEmpty()) {
      line.append("; plugins ").append(String.join(", ", plugins));
    }
    return line.append("; ").append(where).toString();
  }

  /** Where the samples go: {@code /metrics on ADDRESS:PORT}, and the remote-write URL. */
  static String where(Settings settings, int port, boolean tls) {
    String http =
        (settings.exportMode().pulls() ? "/metrics" : "/metrics (self-metrics only)")
            + " on "
            + (tls ? "https://" : "")
            + settings.exporterAddress()
            + ":"
            + port;
    if (!settings.exportMode().pushes()) {
      return http;
    }
    return "pushing to "
        + settings.push().loggableUrl()
        + " every "
        + duration(settings.push().interval())
        + "; "
        + http;
  }

  /** {@code 100 ms}, {@code 1 s}, {@code 2.5 s}. */
  static String duration(Duration duration) {
    BigDecimal millis = BigDecimal.valueOf(duration.toNanos(), 6);
    if (millis.compareTo(BigDecimal.valueOf(1000)) < 0) {
      return millis.stripTrailingZeros().toPlainString() + " ms";
    }
    return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
  }

  private static String what(List<NamedSensor> sensors) {
    if (sensors.isEmpty()) {
      return "no scheduled sensor";
    }
    List<String> parts = new ArrayList<>();
    String verb = "";
    for (NamedSensor sensor : sensors) {
      boolean model = sensor.name().equals("model");
      String next = model ? "estimating " : "measuring ";
      parts.add(
          (next.equals(verb) ? "" : next)
              + domains(sensor.sensor().series())
              + (model
                  ? " from CPU utilisation (model; see jouleflow sensors)"
                  : " (" + sensor.name() + ")"));
      verb = next;
    }
    return String.join(" and ", parts);
  }

  /**
   * {@code package, dram of devices 0, 1} when every domain has the same devices, else {@code
   * package of device 0, gpu of devices 0, 1}; {@code 3 series} without domain labels.
   */
  static String domains(List<Series> series) {
    Map<String, Set<String>> devices = new LinkedHashMap<>();
    for (Series one : series) {
      String domain = one.labels().get("domain");
      if (domain == null) {
        return series.size() + " series";
      }
      String device = one.labels().get("device");
      Set<String> set = devices.computeIfAbsent(domain, d -> new LinkedHashSet<>());
      if (device != null) {
        set.add(device);
      }
    }
    if (devices.isEmpty()) {
      return "nothing";
    }
    if (new LinkedHashSet<>(devices.values()).size() == 1) {
      return String.join(", ", devices.keySet()) + ofDevices(devices.values().iterator().next());
    }
    List<String> parts = new ArrayList<>();
    devices.forEach((domain, set) -> parts.add(domain + ofDevices(set)));
    return String.join(", ", parts);
  }

  private static String ofDevices(Set<String> devices) {
    return switch (devices.size()) {
      case 0 -> "";
      case 1 -> " of device " + devices.iterator().next();
      default -> " of devices " + String.join(", ", devices);
    };
  }
}

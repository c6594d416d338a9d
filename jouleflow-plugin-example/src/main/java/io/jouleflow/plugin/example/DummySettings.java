package io.jouleflow.plugin.example;

import io.jouleflow.api.UnavailableException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

/**
 * The dummy's own settings, {@code PLUGIN_DUMMY_<KEY>}: {@code WATTS} (default 40), {@code
 * AMPLITUDE} (10), {@code PERIOD_S} (60), {@code INTERVAL_MS} (default: the agent's sampling
 * interval) and {@code HOST} (the {@code host} label; default: this machine's name).
 *
 * @param signal the power signal
 * @param intervalNanos how often the collector emits a reading
 * @param host the value of the {@code host} label the processor adds
 */
record DummySettings(DummySignal signal, long intervalNanos, String host) {

  /** Every key the dummy accepts. */
  static final Set<String> KEYS = Set.of("WATTS", "AMPLITUDE", "PERIOD_S", "INTERVAL_MS", "HOST");

  /**
   * Reads the settings from the plugin's own ones.
   *
   * @throws UnavailableException naming the wrong setting and what it accepts
   */
  static DummySettings parse(Map<String, String> own, long agentIntervalNanos)
      throws UnavailableException {
    double watts = number(own, "WATTS", 40, 0, 100_000, "watts in 0..100000");
    double amplitude = number(own, "AMPLITUDE", 10, 0, watts, "watts in 0..WATTS (" + watts + ")");
    double period = number(own, "PERIOD_S", 60, 0.001, 86_400, "seconds in 0.001..86400");
    long interval = agentIntervalNanos;
    if (own.containsKey("INTERVAL_MS")) {
      double millis = number(own, "INTERVAL_MS", 0, 1, 3_600_000, "milliseconds in 1..3600000");
      interval = Math.round(millis * 1e6);
    }
    String host = own.getOrDefault("HOST", localHost()).strip();
    if (host.isEmpty()) {
      throw new UnavailableException(wrong("HOST", host, "a non-empty host name"));
    }
    long periodMillis = Math.round(period * 1000);
    return new DummySettings(new DummySignal(watts, amplitude, periodMillis), interval, host);
  }

  private static double number(
      Map<String, String> own,
      String key,
      double otherwise,
      double min,
      double max,
      String accepted)
      throws UnavailableException {
    String text = own.get(key);
    if (text == null) {
      return otherwise;
    }
    try {
      double value = Double.parseDouble(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UnavailableException(wrong(key, text, accepted));
  }

  private static String wrong(String key, String value, String accepted) {
    return "PLUGIN_DUMMY_" + key + " is '" + value + "'; accepted: " + accepted;
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      return "localhost";
    }
  }
}

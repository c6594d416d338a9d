package io.jouleflow.agent.config;

import java.util.Locale;

/**
 * Every setting of the agent: its environment name (the primary name, also the key in a settings
 * file), its command-line flag, its default, and what it accepts. {@code --help} and the README's
 * settings table are written from this list.
 */
public enum Setting {
  EXPORTER_PORT("9092", "0..65535 (0 picks a free port)", "Port of the pull endpoint (/metrics)."),
  EXPORTER_ADDRESS(
      "0.0.0.0", "an IP address or host name", "Address the pull endpoint listens on."),
  SCRAPE_INTERVAL_SECONDS(
      "0.1", "a number of seconds in 0.001..3600", "Sampling interval of the scheduled sensors."),
  MAX_QUEUE_LEN(
      "1000",
      "an integer in 1..16777216",
      "Sample rows (one per interval) kept for each consumer; rounded up to a power of two. Hold at"
          + " least two scrape intervals: rows = 2 × scrape interval / sampling interval."),
  SENSORS(
      "auto",
      "auto, rapl or model",
      "Which sensor to run: auto picks RAPL when readable, else the model estimate."),
  SYSFS_PATH("/sys", "a directory", "Root of the sysfs tree that holds class/powercap."),
  PROCFS_PATH("/proc", "a directory", "Root of the procfs tree that holds stat and cpuinfo."),
  TDP_WATTS(
      "",
      "empty (from the CPU model, else 10 W per logical CPU) or watts in 1..5000",
      "Thermal design power the model estimate scales CPU utilisation to."),
  LOG_LEVEL("info", "error, warn, info, debug or trace", "Log verbosity."),
  CONFIG_FILE(
      "",
      "empty or a readable properties file",
      "Optional settings file: KEY=value lines with the names of this table.");

  private final String defaultValue;
  private final String accepted;
  private final String description;

  Setting(String defaultValue, String accepted, String description) {
    this.defaultValue = defaultValue;
    this.accepted = accepted;
    this.description = description;
  }

  /** The command-line flag, e.g. {@code --exporter-port}. */
  public String flag() {
    return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value used when nothing sets this setting; empty means none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What values are accepted, for error messages and help. */
  public String accepted() {
    return accepted;
  }

  /** One sentence saying what the setting does. */
  public String description() {
    return description;
  }
}

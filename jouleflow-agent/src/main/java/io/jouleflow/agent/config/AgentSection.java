package io.jouleflow.agent.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Assembles {@link Settings}: the agent-wide values here, the push and plugin settings through
 * their sections. The settings a sensor owns ({@link Setting#owner()}) stay text, for that sensor
 * to parse when it is opened: a wrong value then fails only when the sensor runs.
 */
final class AgentSection {

  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  private final Values values;
  private final FreeKeys freeKeys;

  AgentSection(Values values, FreeKeys freeKeys) {
    this.values = values;
    this.freeKeys = freeKeys;
  }

  /** The settings, or the first wrong value in the order of the {@link Settings} components. */
  Settings assemble() throws SettingsException {
    return new Settings(
        values.integer(Setting.EXPORTER_PORT, 0, 65535),
        values.nonEmpty(Setting.EXPORTER_ADDRESS),
        interval(),
        values.integer(Setting.MAX_QUEUE_LEN, 1, 1 << 24),
        values.integer(Setting.MAX_CONSUMERS, 1, 10_000),
        sensors(),
        values.directory(Setting.SYSFS_PATH).orElseThrow(),
        values.directory(Setting.PROCFS_PATH).orElseThrow(),
        values.choice(Setting.EXPORT_MODE, Settings.ExportMode.class),
        new PushSection(values).assemble(),
        new PluginSection(values, freeKeys).assemble(),
        values.oneOf(Setting.LOG_LEVEL, LOG_LEVELS),
        values.texts());
  }

  /**
   * {@code SCRAPE_INTERVAL_SECONDS}, or the seed's {@code SCRAPE_INTERVAL_S} when only that one is
   * set; both set and different is a contradiction.
   */
  private Duration interval() throws SettingsException {
    Duration interval = seconds(Setting.SCRAPE_INTERVAL_SECONDS);
    if (values.text(Setting.SCRAPE_INTERVAL_S).isEmpty()) {
      return interval;
    }
    Duration seedInterval = seconds(Setting.SCRAPE_INTERVAL_S);
    if (seedInterval.equals(interval)
        || values.origin(Setting.SCRAPE_INTERVAL_SECONDS).equals("default")) {
      return seedInterval;
    }
    throw new SettingsException(
        "SCRAPE_INTERVAL_S (from "
            + values.origin(Setting.SCRAPE_INTERVAL_S)
            + ") is '"
            + values.text(Setting.SCRAPE_INTERVAL_S)
            + "' but SCRAPE_INTERVAL_SECONDS (from "
            + values.origin(Setting.SCRAPE_INTERVAL_SECONDS)
            + ") is '"
            + values.text(Setting.SCRAPE_INTERVAL_SECONDS)
            + "'; accepted: one of them, or both equal");
  }

  private Duration seconds(Setting setting) throws SettingsException {
    return values.seconds(setting, "0.001", "3600");
  }

  /** Lower-case names, none empty or repeated. */
  private List<String> sensors() throws SettingsException {
    List<String> names =
        Arrays.stream(values.text(Setting.SENSORS).split(","))
            .map(name -> name.strip().toLowerCase(Locale.ROOT))
            .toList();
    if (names.isEmpty()
        || !names.stream().allMatch(name -> NAME.matcher(name).matches())
        || names.stream().distinct().count() != names.size()) {
      throw values.invalid(Setting.SENSORS);
    }
    return names;
  }
}

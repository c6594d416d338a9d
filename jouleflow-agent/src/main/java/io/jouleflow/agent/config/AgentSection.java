package io.jouleflow.agent.config;

import java.nio.file.Path;
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
        attribution(interval()),
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

  /**
   * The energy per workload's settings; the attribution interval must be a whole number of sampling
   * intervals.
   */
  private AttributionSettings attribution(Duration sampling) throws SettingsException {
    // The default may be missing (no cgroups here): attribution then says so and stays off.
    Path cgroupPath =
        values.origin(Setting.CGROUP_PATH).equals("default")
            ? Path.of(Setting.CGROUP_PATH.defaultValue())
            : values.directory(Setting.CGROUP_PATH).orElseThrow();
    Duration interval = values.seconds(Setting.ATTRIBUTION_INTERVAL_SECONDS, "0.01", "60");
    long ticks = interval.toNanos() / sampling.toNanos();
    if (values.origin(Setting.ATTRIBUTION_INTERVAL_SECONDS).equals("default")) {
      // The default follows the sampling: the first whole number of ticks that spans it.
      ticks = Math.max(1, (interval.toNanos() + sampling.toNanos() - 1) / sampling.toNanos());
      interval = sampling.multipliedBy(ticks);
    } else if (ticks < 1 || interval.toNanos() % sampling.toNanos() != 0) {
      throw values.invalid(
          Setting.ATTRIBUTION_INTERVAL_SECONDS,
          "; the sampling interval (SCRAPE_INTERVAL_SECONDS) is "
              + sampling.toNanos() / 1e9
              + " s");
    }
    return new AttributionSettings(
        cgroupPath,
        interval,
        (int) ticks,
        values.choice(Setting.ATTRIBUTION_LEVEL, AttributionLevel.class),
        values.integer(Setting.MAX_WORKLOADS, 1, 100_000),
        values.bytes(Setting.ATTRIBUTION_MAX_BYTES, 1L << 20, 1L << 30));
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

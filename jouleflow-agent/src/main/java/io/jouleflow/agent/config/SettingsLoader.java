package io.jouleflow.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link Settings} from, lowest first: defaults, an optional properties file ({@code
 * CONFIG_FILE}), environment variables and command-line flags. Environment variables that are not
 * settings are ignored; an unknown key in the file is an error.
 */
public final class SettingsLoader {

  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  private SettingsLoader() {}

  /**
   * Merges and validates the settings.
   *
   * @param environment the process environment (or a test's)
   * @param flags the values given on the command line
   * @throws SettingsException naming the first wrong setting and what it accepts
   */
  public static Settings load(Map<String, String> environment, Map<Setting, String> flags)
      throws SettingsException {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Map<Setting, String> origins = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      values.put(setting, setting.defaultValue());
      origins.put(setting, "default");
    }
    Map<Setting, String> fromEnvironment = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = environment.get(setting.name());
      if (value != null) {
        fromEnvironment.put(setting, value.strip());
      }
    }
    String file =
        flags.getOrDefault(
            Setting.CONFIG_FILE, fromEnvironment.getOrDefault(Setting.CONFIG_FILE, ""));
    if (!file.isEmpty()) {
      readFile(Path.of(file), values, origins);
    }
    putAll(fromEnvironment, "environment", values, origins);
    putAll(flags, "command line", values, origins);
    return parse(values, origins);
  }

  private static void putAll(
      Map<Setting, String> source,
      String origin,
      Map<Setting, String> values,
      Map<Setting, String> origins) {
    source.forEach(
        (setting, value) -> {
          values.put(setting, value.strip());
          origins.put(setting, origin);
        });
  }

  private static void readFile(Path file, Map<Setting, String> values, Map<Setting, String> origins)
      throws SettingsException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingsException(
          "CONFIG_FILE '"
              + file
              + "' cannot be read ("
              + e.getMessage()
              + "); accepted: "
              + Setting.CONFIG_FILE.accepted());
    }
    for (String key : properties.stringPropertyNames()) {
      Setting setting = find(key);
      if (setting == null || setting == Setting.CONFIG_FILE) {
        throw new SettingsException(
            "CONFIG_FILE '"
                + file
                + "' has an unknown setting '"
                + key
                + "'; accepted: "
                + known());
      }
      values.put(setting, properties.getProperty(key).strip());
      origins.put(setting, "file " + file);
    }
  }

  private static @Nullable Setting find(String key) {
    return Arrays.stream(Setting.values())
        .filter(setting -> setting.name().equals(key))
        .findFirst()
        .orElse(null);
  }

  private static String known() {
    return Arrays.stream(Setting.values())
        .filter(setting -> setting != Setting.CONFIG_FILE)
        .map(Setting::name)
        .collect(Collectors.joining(", "));
  }

  private static Settings parse(Map<Setting, String> values, Map<Setting, String> origins)
      throws SettingsException {
    Parser parser = new Parser(values, origins);
    return new Settings(
        (int) parser.integer(Setting.EXPORTER_PORT, 0, 65535),
        parser.nonEmpty(Setting.EXPORTER_ADDRESS),
        parser.seconds(Setting.SCRAPE_INTERVAL_SECONDS, "0.001", "3600"),
        (int) parser.integer(Setting.MAX_QUEUE_LEN, 1, 1 << 24),
        parser.choice(Setting.SENSORS, Settings.SensorChoice.class),
        parser.directory(Setting.SYSFS_PATH),
        parser.directory(Setting.PROCFS_PATH),
        parser.optionalNumber(Setting.TDP_WATTS, 1, 5000),
        parser.oneOf(Setting.LOG_LEVEL, LOG_LEVELS),
        values);
  }

  /** Parses one setting at a time, naming it and its origin when it is wrong. */
  private record Parser(Map<Setting, String> values, Map<Setting, String> origins) {

    String text(Setting setting) {
      return values.getOrDefault(setting, "");
    }

    SettingsException invalid(Setting setting) {
      return SettingsException.invalid(
          setting, text(setting), origins.getOrDefault(setting, "default"));
    }

    long integer(Setting setting, long min, long max) throws SettingsException {
      try {
        long value = Long.parseLong(text(setting));
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(setting);
    }

    String nonEmpty(Setting setting) throws SettingsException {
      if (text(setting).isEmpty()) {
        throw invalid(setting);
      }
      return text(setting);
    }

    Duration seconds(Setting setting, String min, String max) throws SettingsException {
      try {
        BigDecimal value = new BigDecimal(text(setting));
        if (value.compareTo(new BigDecimal(min)) >= 0
            && value.compareTo(new BigDecimal(max)) <= 0) {
          return Duration.ofNanos(value.movePointRight(9).longValue());
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(setting);
    }

    <E extends Enum<E>> E choice(Setting setting, Class<E> type) throws SettingsException {
      try {
        return Enum.valueOf(type, text(setting).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw invalid(setting);
      }
    }

    String oneOf(Setting setting, Set<String> accepted) throws SettingsException {
      String value = text(setting).toLowerCase(Locale.ROOT);
      if (!accepted.contains(value)) {
        throw invalid(setting);
      }
      return value;
    }

    Path directory(Setting setting) throws SettingsException {
      Path path = Path.of(nonEmpty(setting));
      if (!Files.isDirectory(path)) {
        throw new SettingsException(
            setting.name()
                + " (from "
                + origins.getOrDefault(setting, "default")
                + ") is '"
                + text(setting)
                + "', which is not a directory; accepted: "
                + setting.accepted());
      }
      return path;
    }

    OptionalDouble optionalNumber(Setting setting, double min, double max)
        throws SettingsException {
      if (text(setting).isEmpty()) {
        return OptionalDouble.empty();
      }
      try {
        double value = Double.parseDouble(text(setting));
        if (value >= min && value <= max) {
          return OptionalDouble.of(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(setting);
    }
  }
}

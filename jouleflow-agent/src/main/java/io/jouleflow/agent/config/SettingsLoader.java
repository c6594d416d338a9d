package io.jouleflow.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link Settings} from, lowest first: defaults, an optional properties file ({@code
 * CONFIG_FILE}), environment variables and command-line flags. Environment variables that are not
 * settings are ignored; an unknown key in the file is an error. Keys {@code PLUGIN_<NAME>_<KEY>}
 * (file or environment) are plugins' own settings, checked against the plugins at start-up; {@code
 * EXEC_COMMAND_<NAME>} in the file adds an exec plugin {@code exec-<name>}.
 */
public final class SettingsLoader {

  static final Pattern PLUGIN_KEY = Pattern.compile("PLUGIN_[A-Z0-9]+_[A-Z0-9_]+");
  static final Pattern EXEC_KEY = Pattern.compile("EXEC_COMMAND_([A-Z0-9_]+)");

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
    Sources sources = new Sources();
    Map<Setting, String> fromEnvironment = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = environment.get(setting.name());
      if (value != null) {
        fromEnvironment.put(setting, value);
      }
    }
    String file =
        flags.getOrDefault(
            Setting.CONFIG_FILE, fromEnvironment.getOrDefault(Setting.CONFIG_FILE, ""));
    if (!file.isBlank()) {
      readFile(Path.of(file.strip()), sources);
    }
    environment.forEach(
        (key, value) -> {
          if (PLUGIN_KEY.matcher(key).matches()) {
            sources.extra.put(key, value.strip());
          }
        });
    sources.putAll(fromEnvironment, "environment");
    sources.putAll(flags, "command line");
    return new SettingsParser(sources.values, sources.origins, sources.extra).parse();
  }

  private static void readFile(Path file, Sources sources) throws SettingsException {
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
    for (String key : new TreeMap<>(properties).keySet().stream().map(Object::toString).toList()) {
      String value = properties.getProperty(key).strip();
      Setting setting = find(key);
      if (PLUGIN_KEY.matcher(key).matches() || EXEC_KEY.matcher(key).matches()) {
        sources.extra.put(key, value);
      } else if (setting == null || setting == Setting.CONFIG_FILE) {
        throw new SettingsException(
            "CONFIG_FILE '"
                + file
                + "' has an unknown setting '"
                + key
                + "'; accepted: "
                + known()
                + ", PLUGIN_<NAME>_<KEY>, EXEC_COMMAND_<NAME>");
      } else {
        sources.put(setting, value, "file " + file);
      }
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

  /** The merged text values, where each came from, and the free-form keys. */
  private static final class Sources {
    final Map<Setting, String> values = new EnumMap<>(Setting.class);
    final Map<Setting, String> origins = new EnumMap<>(Setting.class);
    final Map<String, String> extra = new LinkedHashMap<>();

    Sources() {
      for (Setting setting : Setting.values()) {
        put(setting, setting.defaultValue(), "default");
      }
    }

    void put(Setting setting, String value, String origin) {
      values.put(setting, value.strip());
      origins.put(setting, origin);
    }

    void putAll(Map<Setting, String> source, String origin) {
      source.forEach((setting, value) -> put(setting, value, origin));
    }
  }

  static List<String> words(String line) {
    return CommandLineSplitter.split(line);
  }
}

package io.jouleflow.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds {@link Settings} from, lowest first: defaults, an optional properties file ({@code
 * CONFIG_FILE}), environment variables and command-line flags. Environment variables that are not
 * settings are ignored; an unknown key in the file is an error. The loader only gathers the text
 * and where it came from; the {@link FreeKeys} say which other keys are kept, and {@link
 * AgentSection} parses.
 */
public final class SettingsLoader {

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
          if (FreeKeys.isPluginKey(key)) {
            sources.free.put(key, value.strip());
          }
        });
    sources.putAll(fromEnvironment, "environment");
    sources.putAll(flags, "command line");
    return new AgentSection(new Values(sources.texts, sources.origins), new FreeKeys(sources.free))
        .assemble();
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
      Optional<Setting> setting = find(key).filter(found -> found != Setting.CONFIG_FILE);
      if (FreeKeys.isFreeKey(key)) {
        sources.free.put(key, value);
      } else if (setting.isPresent()) {
        sources.put(setting.get(), value, "file " + file);
      } else {
        throw new SettingsException(
            "CONFIG_FILE '"
                + file
                + "' has an unknown setting '"
                + key
                + "'; accepted: "
                + known()
                + ", "
                + FreeKeys.FORMS);
      }
    }
  }

  private static Optional<Setting> find(String key) {
    return Arrays.stream(Setting.values())
        .filter(setting -> setting.name().equals(key))
        .findFirst();
  }

  private static String known() {
    return Arrays.stream(Setting.values())
        .filter(setting -> setting != Setting.CONFIG_FILE)
        .map(Setting::name)
        .collect(Collectors.joining(", "));
  }

  /** The merged text values, where each came from, and the free-form keys. */
  private static final class Sources {
    final Map<Setting, String> texts = new EnumMap<>(Setting.class);
    final Map<Setting, String> origins = new EnumMap<>(Setting.class);
    final Map<String, String> free = new LinkedHashMap<>();

    Sources() {
      for (Setting setting : Setting.values()) {
        put(setting, setting.defaultValue(), "default");
      }
    }

    void put(Setting setting, String value, String origin) {
      texts.put(setting, value.strip());
      origins.put(setting, origin);
    }

    void putAll(Map<Setting, String> source, String origin) {
      source.forEach((setting, value) -> put(setting, value, origin));
    }
  }
}

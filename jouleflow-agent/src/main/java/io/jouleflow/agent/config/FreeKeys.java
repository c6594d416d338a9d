package io.jouleflow.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys accepted besides the {@link Setting}s, with their values in the order they were found:
 * {@code PLUGIN_<NAME>_<KEY>}, a plugin's own setting (file or environment), checked against the
 * plugins at start-up; and {@code EXEC_COMMAND_<NAME>} (file only), an exec plugin {@code
 * exec-<name>}. The loader asks here which keys to keep and the plugin section reads what was kept,
 * so both forms, and how a command line is read, have this one owner.
 *
 * @param entries the kept keys and their values, in the order they were found
 */
record FreeKeys(Map<String, String> entries) {

  /** The forms, as an unknown key in the settings file is told. */
  static final String FORMS = "PLUGIN_<NAME>_<KEY>, EXEC_COMMAND_<NAME>";

  private static final Pattern PLUGIN_KEY = Pattern.compile("PLUGIN_[A-Z0-9]+_[A-Z0-9_]+");
  private static final Pattern EXEC_KEY = Pattern.compile("EXEC_COMMAND_([A-Z0-9_]+)");

  /** Keeps the order, so that the first wrong command is the first one found. */
  FreeKeys {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** Whether {@code key} is a plugin's own setting, the only form taken from the environment. */
  static boolean isPluginKey(String key) {
    return PLUGIN_KEY.matcher(key).matches();
  }

  /** Whether {@code key} is one of the {@link #FORMS}, all taken from the settings file. */
  static boolean isFreeKey(String key) {
    return isPluginKey(key) || EXEC_KEY.matcher(key).matches();
  }

  /**
   * The words of an exec plugin's command line ({@code EXEC_COMMAND} or {@code
   * EXEC_COMMAND_<NAME>}), split as a POSIX shell does for quotes and backslashes.
   *
   * @throws SettingsException when the line is empty or its quoting is broken
   */
  static List<String> command(String key, String line) throws SettingsException {
    try {
      List<String> words = CommandLineSplitter.split(line);
      if (!words.isEmpty()) {
        return words;
      }
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          key
              + " is '"
              + line
              + "' ("
              + e.getMessage()
              + "); accepted: "
              + Setting.EXEC_COMMAND.accepted());
    }
    throw new SettingsException(key + " is empty; accepted: " + Setting.EXEC_COMMAND.accepted());
  }

  /** The {@code EXEC_COMMAND_<NAME>} commands, by plugin name {@code exec-<name>}. */
  Map<String, List<String>> execCommands() throws SettingsException {
    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      Matcher matcher = EXEC_KEY.matcher(entry.getKey());
      if (matcher.matches()) {
        String name = "exec-" + matcher.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
        commands.put(name, command(entry.getKey(), entry.getValue()));
      }
    }
    return commands;
  }

  /** Every {@code PLUGIN_<NAME>_<KEY>} setting, by its full name. */
  Map<String, String> pluginSettings() {
    Map<String, String> own = new TreeMap<>();
    entries.forEach(
        (key, value) -> {
          if (isPluginKey(key)) {
            own.put(key, value);
          }
        });
    return own;
  }
}

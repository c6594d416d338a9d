package io.jouleflow.agent.plugin;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Sorts the {@code PLUGIN_<NAME>_<KEY>} settings out to the installed plugins: {@code <NAME>} is
 * the plugin's name upper-cased with {@code -} as {@code _} (the longest such prefix wins), {@code
 * <KEY>} must be one its provider declares. Anything else is a start-up error.
 */
final class OwnSettings {

  private final Map<String, Map<String, String>> byPlugin;

  private OwnSettings(Map<String, Map<String, String>> byPlugin) {
    this.byPlugin = byPlugin;
  }

  /**
   * Checks every setting in {@code own} (by full name) against {@code declared} (each installed
   * plugin's name to the keys it declares).
   *
   * @throws PluginException naming the first key no plugin declares, and what is accepted
   */
  static OwnSettings sort(Map<String, String> own, Map<String, Set<String>> declared)
      throws PluginException {
    Map<String, Map<String, String>> byPlugin = new TreeMap<>();
    for (Map.Entry<String, String> setting : new TreeMap<>(own).entrySet()) {
      String name = owner(setting.getKey(), declared.keySet());
      if (name == null) {
        throw new PluginException(
            setting.getKey()
                + " names no installed plugin; installed: "
                + new TreeSet<>(declared.keySet()));
      }
      String key = setting.getKey().substring(prefix(name).length());
      Set<String> keys = declared.getOrDefault(name, Set.of());
      if (!keys.contains(key)) {
        throw new PluginException(
            setting.getKey()
                + " is not a setting of plugin '"
                + name
                + "'; accepted: "
                + accepted(name, keys));
      }
      byPlugin.computeIfAbsent(name, unused -> new TreeMap<>()).put(key, setting.getValue());
    }
    return new OwnSettings(byPlugin);
  }

  /** The settings of plugin {@code name}, by key without the prefix. */
  Map<String, String> of(String name) {
    return byPlugin.getOrDefault(name, Map.of());
  }

  /** {@code PLUGIN_<NAME>_} for a plugin name. */
  static String prefix(String name) {
    return "PLUGIN_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }

  private static @Nullable String owner(String key, Set<String> names) {
    String owner = null;
    for (String name : names) {
      if (key.startsWith(prefix(name))
          && key.length() > prefix(name).length()
          && (owner == null || name.length() > owner.length())) {
        owner = name;
      }
    }
    return owner;
  }

  private static String accepted(String name, Set<String> keys) {
    if (keys.isEmpty()) {
      return "none (it takes no settings of its own)";
    }
    return new TreeSet<>(keys)
        .stream().map(key -> prefix(name) + key).collect(Collectors.joining(", "));
  }
}

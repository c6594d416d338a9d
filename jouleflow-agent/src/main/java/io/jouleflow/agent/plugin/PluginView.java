package io.jouleflow.agent.plugin;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.api.PluginContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's read-only view of the agent's settings and of its own ({@code PLUGIN_<NAME>_<KEY>},
 * prefix stripped).
 */
record PluginView(Settings settings, Map<String, String> ownSettings) implements PluginContext {

  /** Freezes the plugin's own settings. */
  PluginView {
    ownSettings = Map.copyOf(ownSettings);
  }

  @Override
  public Optional<String> setting(String name) {
    for (Setting setting : Setting.values()) {
      if (setting.name().equals(name)) {
        return settings.value(setting);
      }
    }
    return Optional.empty();
  }

  @Override
  public Path sysfs() {
    return settings.sysfs();
  }

  @Override
  public Path procfs() {
    return settings.procfs();
  }

  @Override
  public long intervalNanos() {
    return settings.interval().toNanos();
  }
}

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
public record PluginView(Settings settings, Map<String, String> ownSettings)
    implements PluginContext {

  /** Freezes the plugin's own settings. */
  public PluginView {
    ownSettings = Map.copyOf(ownSettings);
  }

  /** The view of a built-in sensor, which has no settings of its own. */
  public static PluginView of(Settings settings) {
    return new PluginView(settings, Map.of());
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

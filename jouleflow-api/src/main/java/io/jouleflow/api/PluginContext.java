package io.jouleflow.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a plugin gets to open itself: a read-only view of the agent's settings, and of its own
 * settings ({@code PLUGIN_<NAME>_<KEY>}, e.g. {@code PLUGIN_DUMMY_WATTS=40}).
 */
public interface PluginContext {

  /** The value of an agent setting by its environment name, e.g. {@code SYSFS_PATH}, if set. */
  Optional<String> setting(String name);

  /**
   * This plugin's own settings by key without the prefix: {@code PLUGIN_DUMMY_WATTS=40} gives the
   * dummy plugin {@code WATTS -> 40}. Only the keys its provider declares reach it.
   */
  default Map<String, String> ownSettings() {
    return Map.of();
  }

  /** The root of the sysfs tree ({@code SYSFS_PATH}, default {@code /sys}). */
  Path sysfs();

  /** The root of the procfs tree ({@code PROCFS_PATH}, default {@code /proc}). */
  Path procfs();

  /** The sampling interval in nanoseconds. */
  long intervalNanos();
}

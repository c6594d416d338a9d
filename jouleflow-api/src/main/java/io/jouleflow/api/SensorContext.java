package io.jouleflow.api;

import java.nio.file.Path;
import java.util.Optional;

/** What a sensor gets to open itself: a read-only view of the settings it may use. */
public interface SensorContext {

  /** The value of a setting by its environment name, e.g. {@code SYSFS_PATH}, if it is set. */
  Optional<String> setting(String name);

  /** The root of the sysfs tree ({@code SYSFS_PATH}, default {@code /sys}). */
  Path sysfs();

  /** The root of the procfs tree ({@code PROCFS_PATH}, default {@code /proc}). */
  Path procfs();

  /** The sampling interval in nanoseconds. */
  long intervalNanos();
}

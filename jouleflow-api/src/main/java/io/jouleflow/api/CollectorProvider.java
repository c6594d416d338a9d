package io.jouleflow.api;

import java.util.Set;

/**
 * Creates a free-running {@link Collector} and, optionally, its {@link Processor}. Implementations
 * are found with {@link java.util.ServiceLoader} on the class path and in the jars of {@code
 * PLUGINS_DIR}; only those named in the {@code SENSORS} setting are opened.
 */
public interface CollectorProvider {

  /** The plugin's name, as written in {@code SENSORS}, e.g. {@code dummy}. */
  String name();

  /** One line saying what the plugin measures and how. */
  String description();

  /**
   * The keys of this plugin's own settings, set as {@code PLUGIN_<NAME>_<KEY>}; any other key with
   * this plugin's prefix is a start-up error.
   */
  default Set<String> settingKeys() {
    return Set.of();
  }

  /**
   * Opens the collector.
   *
   * @throws UnavailableException with one line naming the cause when it cannot run here
   */
  Collector open(PluginContext context) throws UnavailableException;

  /** The processor between this plugin's raw and processed records; by default none. */
  default Processor processor(PluginContext context) {
    return Processor.IDENTITY;
  }
}

package io.jouleflow.api;

import java.util.Set;

/**
 * Creates a {@link ScheduledSensor}. Implementations are found with {@link
 * java.util.ServiceLoader}; only those named in the agent's settings are opened.
 */
public interface SensorProvider {

  /**
   * The provider's name, used in the {@code SENSORS} setting and as the default {@code source}
   * label, e.g. {@code rapl}.
   */
  String name();

  /** One line saying what the sensor measures and how, for start-up logs and listings. */
  String description();

  /**
   * The keys of this sensor's own settings, set as {@code PLUGIN_<NAME>_<KEY>} and handed to it in
   * {@link PluginContext#ownSettings()}; any other key with this sensor's prefix is a start-up
   * error, as for a {@link CollectorProvider}.
   */
  default Set<String> settingKeys() {
    return Set.of();
  }

  /**
   * Opens the sensor: finds its hardware, opens its files, checks that they can be read.
   *
   * @throws UnavailableException with a one-line reason (and fix, where there is one) when this
   *     machine cannot give this sensor's readings
   */
  ScheduledSensor open(PluginContext context) throws UnavailableException;
}

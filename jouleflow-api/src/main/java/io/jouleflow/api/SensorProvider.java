package io.jouleflow.api;

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
   * Opens the sensor: finds its hardware, opens its files, checks that they can be read.
   *
   * @throws UnavailableException with a one-line reason (and fix, where there is one) when this
   *     machine cannot give this sensor's readings
   */
  ScheduledSensor open(PluginContext context) throws UnavailableException;
}

package io.jouleflow.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The agent's settings, immutable, built once by {@link SettingsLoader}.
 *
 * @param exporterPort port of the pull endpoint
 * @param exporterAddress address the pull endpoint listens on
 * @param interval sampling interval
 * @param maxQueueLen sample rows kept for each consumer
 * @param sensors which sensor to run
 * @param sysfs root of the sysfs tree
 * @param procfs root of the procfs tree
 * @param tdpWatts the model's TDP, when set
 * @param logLevel log verbosity
 * @param raw every setting's effective value as text, for plugins' read-only views
 */
public record Settings(
    int exporterPort,
    String exporterAddress,
    Duration interval,
    int maxQueueLen,
    SensorChoice sensors,
    Path sysfs,
    Path procfs,
    OptionalDouble tdpWatts,
    String logLevel,
    Map<Setting, String> raw) {

  /** Which sensor the agent runs. */
  public enum SensorChoice {
    /** RAPL when readable, else the model. */
    AUTO,
    /** RAPL powercap only; failing to read it is a start-up error. */
    RAPL,
    /** The utilisation model only. */
    MODEL
  }

  /** Freezes {@code raw}. */
  public Settings {
    raw = Map.copyOf(raw);
  }

  /** The effective value of a setting as text, empty when unset. */
  public Optional<String> value(Setting setting) {
    String value = raw.getOrDefault(setting, "");
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}

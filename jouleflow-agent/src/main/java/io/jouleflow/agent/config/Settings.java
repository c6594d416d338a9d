package io.jouleflow.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's settings, immutable, built once by {@link SettingsLoader}. The settings that one
 * sensor owns ({@link Setting#owner()}) are not parsed here but only in {@link #raw}, for that
 * sensor to parse when it is opened.
 *
 * @param exporterPort port of the pull endpoint
 * @param exporterAddress address the pull endpoint listens on
 * @param interval sampling interval
 * @param maxQueueLen sample rows kept for each consumer
 * @param maxConsumers scrapers of /metrics tracked at most
 * @param sensors names of the sensors and plugins to run; {@code auto} for the built-in choice
 * @param sysfs root of the sysfs tree
 * @param procfs root of the procfs tree
 * @param exportMode pull, push or both
 * @param push the remote-write settings
 * @param plugins the plugin pipeline's settings
 * @param attribution the energy per workload's settings
 * @param logLevel log verbosity
 * @param raw every setting's effective value as text, for plugins' read-only views
 */
public record Settings(
    int exporterPort,
    String exporterAddress,
    Duration interval,
    int maxQueueLen,
    int maxConsumers,
    List<String> sensors,
    Path sysfs,
    Path procfs,
    ExportMode exportMode,
    PushSettings push,
    PluginSettings plugins,
    AttributionSettings attribution,
    String logLevel,
    Map<Setting, String> raw) {

  /**
   * The name in {@code SENSORS} that stands for the built-in choice: RAPL, else MSR, else the
   * model, plus NVML GPUs when present.
   */
  public static final String AUTO = "auto";

  /** How samples leave the agent. */
  public enum ExportMode {
    /** Served on /metrics. */
    PULL,
    /** Sent by remote write. */
    PUSH,
    /** Both. */
    BOTH;

    /** Whether /metrics is served. */
    public boolean pulls() {
      return this != PUSH;
    }

    /** Whether remote write is sent. */
    public boolean pushes() {
      return this != PULL;
    }
  }

  /** Freezes the collections. */
  public Settings {
    sensors = List.copyOf(sensors);
    raw = Map.copyOf(raw);
  }

  /** The effective value of a setting as text, empty when unset. */
  public Optional<String> value(Setting setting) {
    String value = raw.getOrDefault(setting, "");
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}

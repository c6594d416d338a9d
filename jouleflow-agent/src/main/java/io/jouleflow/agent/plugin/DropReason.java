package io.jouleflow.agent.plugin;

import java.util.Locale;

/** Why the pipeline dropped a plugin's record; {@link #label()} is the metric's reason label. */
public enum DropReason {
  /** The plugin's raw queue was full: its oldest raw record made room. */
  RAW_QUEUE_FULL,
  /** The shared processed queue was full: its oldest record (of any plugin) made room. */
  PROC_QUEUE_FULL,
  /** Metric name not {@code [a-zA-Z_:][a-zA-Z0-9_:]*} (also a null record or metric). */
  INVALID_METRIC,
  /**
   * Label name not {@code [a-zA-Z_][a-zA-Z0-9_]*}, reserved ({@code __} prefix), or empty value.
   */
  INVALID_LABEL,
  /** Timestamp before 2000-01-01 or more than 10 minutes ahead of the agent's clock. */
  INVALID_TIMESTAMP,
  /** Timestamp not after the last stored record of the same series. */
  OUT_OF_ORDER,
  /**
   * A metric name in the agent's {@code jouleflow_} namespace, other than {@code
   * jouleflow_energy_joules_total} with a plugin's own source.
   */
  RESERVED_METRIC,
  /**
   * {@code jouleflow_energy_joules_total} with a source other than the plugin's own name, or with a
   * scheduled sensor's source (rapl, msr, nvml, model, or that of a plugin jar's scheduled sensor).
   */
  RESERVED_SERIES,
  /**
   * A metric whose family another name holds: {@code x} beside {@code x_total} (one OpenMetrics
   * family, {@code x}, cannot be both unknown and a counter).
   */
  FAMILY_CONFLICT,
  /** A new series while {@code MAX_SERIES} series are kept already. */
  TOO_MANY_SERIES,
  /** The plugin's processor threw on the record. */
  PROCESSOR_ERROR;

  /** The reason as a label value, e.g. {@code raw_queue_full}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

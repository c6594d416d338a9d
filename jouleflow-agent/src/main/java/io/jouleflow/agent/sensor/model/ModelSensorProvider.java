package io.jouleflow.agent.sensor.model;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;

/**
 * The model sensor, for machines with no energy counters (VMs, most CI machines): one series,
 * {@code jouleflow_energy_joules_total{source="model",domain="package",device="0"}}, the whole
 * machine's CPU energy estimated as {@code P = P_idle + (TDP − P_idle) × utilisation} with {@code
 * P_idle} = 0.3 × TDP, utilisation from the deltas of the first {@code cpu } line of {@code
 * <PROCFS_PATH>/stat}, integrated over time into cumulative joules.
 *
 * <p>The TDP is {@code TDP_WATTS} when set; else the built-in table's entry for the {@code model
 * name} in {@code <PROCFS_PATH>/cpuinfo}; else 10 W per logical CPU, at least 10 W. The open
 * sensor's {@code toString()} says which, for the start-up line.
 */
public final class ModelSensorProvider implements SensorProvider {

  private final Clock clock;

  /** A provider on the system's monotonic clock, for {@link java.util.ServiceLoader}. */
  public ModelSensorProvider() {
    this(Clock.SYSTEM);
  }

  /** A provider on the given monotonic nanosecond clock, for tests. */
  ModelSensorProvider(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "model";
  }

  @Override
  public String description() {
    return "estimated CPU energy from /proc/stat utilisation scaled to the CPU's TDP,"
        + " for machines without energy counters";
  }

  /**
   * Opens {@code <PROCFS_PATH>/stat} and chooses the TDP.
   *
   * @throws UnavailableException naming {@code stat} when it cannot be opened or parsed, or {@code
   *     TDP_WATTS} when it is not a positive number
   */
  @Override
  public ScheduledSensor open(PluginContext context) throws UnavailableException {
    Tdp tdp = Tdp.choose(context, TdpTable.builtIn());
    return new ModelSensor(ProcStat.open(context.procfs().resolve("stat")), tdp, clock);
  }
}

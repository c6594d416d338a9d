package io.jouleflow.agent.sensor.nvml;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.api.Series;
import java.lang.foreign.MemorySegment;

/**
 * A GPU's own energy counter, {@code nvmlDeviceGetTotalEnergyConsumption}: unsigned millijoules
 * since the driver loaded (Volta and newer), made cumulative since the first reading. The counter
 * is 64 bits wide and never wraps, so any step back (a driver reload, a GPU reset, a glitch) is a
 * counter reset: counted in {@link CounterResets}, logged, and nothing added (the energy between
 * the reset and the next reading is lost rather than risking phantom energy); the total never
 * decreases.
 */
final class EnergyCounterMeter implements GpuMeter {

  private static final double MILLIJOULES_PER_JOULE = 1e3;

  private final NvmlLibrary nvml;
  private final MemorySegment device;
  private final MemorySegment millijoules;
  private final Series series;
  private final CounterResets resets;
  private boolean started;
  private long previous;
  private long total;

  EnergyCounterMeter(NvmlLibrary nvml, MemorySegment device, Series series, CounterResets resets) {
    this.nvml = nvml;
    this.device = device;
    this.millijoules = nvml.allocate(JAVA_LONG);
    this.series = series;
    this.resets = resets;
    resets.register(series);
  }

  @Override
  public double joules(long nanoTime) {
    if (nvml.totalEnergy(device, millijoules) != NvmlReturn.SUCCESS) {
      return Double.NaN;
    }
    long current = millijoules.get(JAVA_LONG, 0);
    if (started && Long.compareUnsigned(current, previous) >= 0) {
      total += current - previous;
    } else if (started) {
      resets.reset(series, "nvmlDeviceGetTotalEnergyConsumption", previous, current, "mJ");
    }
    started = true;
    previous = current;
    return total / MILLIJOULES_PER_JOULE;
  }

  @Override
  public int probe() {
    return nvml.totalEnergy(device, millijoules);
  }

  @Override
  public boolean integratesPower() {
    return false;
  }
}

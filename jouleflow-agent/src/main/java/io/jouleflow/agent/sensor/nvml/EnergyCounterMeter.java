package io.jouleflow.agent.sensor.nvml;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * A GPU's own energy counter, {@code nvmlDeviceGetTotalEnergyConsumption}: unsigned millijoules
 * since the driver loaded (Volta and newer), made cumulative since the first reading. A counter
 * that goes backwards (a driver reload or GPU reset) has restarted from zero: the energy since the
 * restart is added, and the total never decreases.
 */
final class EnergyCounterMeter implements GpuMeter {

  private static final double MILLIJOULES_PER_JOULE = 1e3;

  private final NvmlLibrary nvml;
  private final MemorySegment device;
  private final MemorySegment millijoules;
  private boolean started;
  private long previous;
  private long total;

  EnergyCounterMeter(NvmlLibrary nvml, MemorySegment device) {
    this.nvml = nvml;
    this.device = device;
    this.millijoules = nvml.allocate(JAVA_LONG);
  }

  @Override
  public double joules(long nanoTime) {
    if (nvml.totalEnergy(device, millijoules) != NvmlReturn.SUCCESS) {
      return Double.NaN;
    }
    long current = millijoules.get(JAVA_LONG, 0);
    if (started) {
      total += Long.compareUnsigned(current, previous) >= 0 ? current - previous : current;
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

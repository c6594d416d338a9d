package io.jouleflow.agent.sensor.nvml;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;

/**
 * A GPU's power draw, {@code nvmlDeviceGetPowerUsage} (unsigned milliwatts; a one-second average on
 * Ampere and newer), integrated over the monotonic clock by the trapezoid rule between readings:
 * the fallback for GPUs without an energy counter. A failed reading is skipped: the next good one
 * integrates across the gap.
 */
final class PowerMeter implements GpuMeter {

  private static final double MILLIWATTS_PER_WATT = 1e3;
  private static final double NANOS_PER_SECOND = 1e9;

  private final NvmlLibrary nvml;
  private final MemorySegment device;
  private final MemorySegment milliwatts;
  private boolean started;
  private long lastNanos;
  private double lastWatts;
  private double joules;

  PowerMeter(NvmlLibrary nvml, MemorySegment device) {
    this.nvml = nvml;
    this.device = device;
    this.milliwatts = nvml.allocate(JAVA_INT);
  }

  @Override
  public double joules(long nanoTime) {
    if (nvml.powerUsage(device, milliwatts) != NvmlReturn.SUCCESS) {
      return Double.NaN;
    }
    double watts = Integer.toUnsignedLong(milliwatts.get(JAVA_INT, 0)) / MILLIWATTS_PER_WATT;
    if (started) {
      double seconds = Math.max(0, nanoTime - lastNanos) / NANOS_PER_SECOND;
      joules += (lastWatts + watts) / 2 * seconds;
    }
    started = true;
    lastNanos = nanoTime;
    lastWatts = watts;
    return joules;
  }

  @Override
  public int probe() {
    return nvml.powerUsage(device, milliwatts);
  }

  @Override
  public boolean integratesPower() {
    return true;
  }
}

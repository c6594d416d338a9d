package io.jouleflow.agent.sensor.nvml;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the energy of every GPU NVML sees, one series per GPU, in joules since the first reading.
 *
 * <p>GPUs are read on every {@link ReadSchedule#ticksPerRead()}-th call of {@link #read} only,
 * starting with the first. On the ticks between, every series gets {@link #NOT_DUE} (NaN): no
 * sample, so the exported series holds samples at the GPU rate and each sample is a fresh reading,
 * not a repeated one stamped with a later time. A failed NVML call gives NaN for that GPU that
 * tick. Reading allocates nothing.
 */
final class NvmlSensor implements ScheduledSensor {

  /** The value of a series on a tick where the GPUs are not due to be read. */
  static final double NOT_DUE = ScheduledSensor.NOT_DUE;

  private final NvmlLibrary nvml;
  private final List<Series> series;
  private final GpuMeter[] meters;
  private final int ticksPerRead;
  private final Clock clock;
  private final String description;
  private volatile boolean closed;
  private int ticksUntilRead = 1;

  NvmlSensor(NvmlLibrary nvml, List<NvmlGpu> gpus, ReadSchedule schedule, Clock clock) {
    this.nvml = nvml;
    this.series = gpus.stream().map(NvmlGpu::series).toList();
    this.meters = gpus.stream().map(NvmlGpu::meter).toArray(GpuMeter[]::new);
    this.ticksPerRead = schedule.ticksPerRead();
    this.clock = clock;
    this.description = describe(gpus, nvml.library(), schedule);
  }

  @Override
  public List<Series> series() {
    return series;
  }

  @Override
  public void read(double[] values) {
    if (closed || --ticksUntilRead > 0) {
      Arrays.fill(values, NOT_DUE);
      return;
    }
    ticksUntilRead = ticksPerRead;
    long now = clock.nanoTime();
    try {
      for (int i = 0; i < meters.length; i++) {
        values[i] = meters[i].joules(now);
      }
    } catch (IllegalStateException e) {
      Arrays.fill(values, Double.NaN); // closed by another thread during this reading
    }
  }

  /** Shuts NVML down and unloads it; later readings are NaN. Never throws. */
  @Override
  public void close() {
    closed = true;
    nvml.close();
  }

  /**
   * What is measured, how and how often, e.g. {@code measured: energy of GPU 0 (NVIDIA H100 80GB
   * HBM3), GPU 1 (Tesla T4, integrated power) through NVML libnvidia-ml.so.1, read every 100 ms}.
   */
  @Override
  public String toString() {
    return description;
  }

  private static String describe(List<NvmlGpu> gpus, String library, ReadSchedule schedule) {
    return "measured: energy of "
        + gpus.stream().map(NvmlGpu::describe).collect(Collectors.joining(", "))
        + " through NVML "
        + library
        + ", read every "
        + schedule.intervalText();
  }
}

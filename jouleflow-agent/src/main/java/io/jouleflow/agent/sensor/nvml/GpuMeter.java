package io.jouleflow.agent.sensor.nvml;

/** How one GPU's energy is measured: its energy counter, or its power integrated over time. */
interface GpuMeter {

  /**
   * Reads the GPU once.
   *
   * @param nanoTime the monotonic clock's reading for this tick, in nanoseconds
   * @return joules since the first good reading (which gives 0), never decreasing; {@link
   *     Double#NaN} when NVML gave no reading this time (the next good one covers the gap)
   */
  double joules(long nanoTime);

  /**
   * Calls NVML once without counting, to see at open whether this way of measuring works.
   *
   * @return NVML's code, {@link NvmlReturn#SUCCESS} when it works
   */
  int probe();

  /** Whether the energy is integrated from power readings rather than counted by the GPU. */
  boolean integratesPower();
}

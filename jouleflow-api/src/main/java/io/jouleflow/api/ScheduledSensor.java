package io.jouleflow.api;

import java.util.List;

/**
 * A sensor the agent reads on its own schedule: the preferred style, since the agent then owns
 * timing and every series of a tick shares one timestamp.
 *
 * <p>{@link #read} runs on the sampler thread at every tick: it must not block for long, should not
 * allocate, and must not throw for a single bad reading (write {@link Double#NaN} for that series
 * instead; the agent counts it).
 */
public interface ScheduledSensor extends AutoCloseable {

  /**
   * The value to write for a series that is not due this tick because the sensor reads it at a
   * lower rate (a NaN with its own bits): the series gets no sample this tick, and unlike any other
   * NaN it does not count as a failed reading.
   */
  double NOT_DUE = Double.longBitsToDouble(0x7ff80000000000d0L);

  /** Whether {@code value} is {@link #NOT_DUE} (compared by its raw bits). */
  static boolean isNotDue(double value) {
    return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(NOT_DUE);
  }

  /** The series this sensor reports, fixed once the sensor is open. */
  List<Series> series();

  /**
   * Reads every series once.
   *
   * @param values one slot per {@link #series()} entry, in the same order; a series that could not
   *     be read this tick gets {@link Double#NaN}
   */
  void read(double[] values);

  /** Releases files or libraries the sensor holds. Never throws. */
  @Override
  void close();
}

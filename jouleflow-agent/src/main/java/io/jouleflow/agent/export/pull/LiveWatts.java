package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RowBatch;
import java.time.Duration;
import java.util.Arrays;

/**
 * Watts per column from cumulative joules: each column's energy gained since its last emitted value
 * over the time between them. A row's NaN (no reading) is skipped, so a column read less often than
 * the sampler ticks (NVML) gets one value per reading; a counter that went back gives no value.
 * Readings less than half the sampling interval apart (the wall clock stepped back, so two rows
 * carry times a millisecond apart) give no value either: their energy waits for the next one, which
 * is then divided by a fair time instead of a hundredfold too short one.
 */
final class LiveWatts {

  private final double[] baseJoules;
  private final long[] baseMillis;
  private final double[] joules;
  private final long[] millis;
  private final double minElapsedMillis;

  /** Watts of {@code width} columns sampled every {@code interval}. */
  LiveWatts(int width, Duration interval) {
    minElapsedMillis = interval.toNanos() / 2e6;
    baseJoules = new double[width];
    joules = new double[width];
    baseMillis = new long[width];
    millis = new long[width];
    Arrays.fill(baseMillis, Long.MIN_VALUE);
    Arrays.fill(millis, Long.MIN_VALUE);
  }

  /** Takes in row {@code row} of {@code batch}; a column's first reading is where it starts. */
  void observe(RowBatch batch, int row) {
    for (int column = 0; column < joules.length; column++) {
      double value = batch.value(row, column);
      if (!Double.isNaN(value)) {
        joules[column] = value;
        millis[column] = batch.timestampMillis(row);
        if (baseMillis[column] == Long.MIN_VALUE) {
          baseJoules[column] = value;
          baseMillis[column] = millis[column];
        }
      }
    }
  }

  /**
   * Appends a JSON array of each column's watts since the last call ({@code null} where there is
   * none), rounded to milliwatts, and starts the next interval.
   */
  void emit(StringBuilder json) {
    json.append('[');
    for (int column = 0; column < joules.length; column++) {
      if (column > 0) {
        json.append(',');
      }
      double watts = watts(column);
      if (Double.isNaN(watts)) {
        json.append("null");
      } else {
        json.append(Math.round(watts * 1000) / 1000.0);
      }
      if (!tooClose(column)) {
        baseJoules[column] = joules[column];
        baseMillis[column] = millis[column];
      }
    }
    json.append(']');
  }

  /** Starts the next interval without emitting. */
  void rebase() {
    System.arraycopy(joules, 0, baseJoules, 0, joules.length);
    System.arraycopy(millis, 0, baseMillis, 0, millis.length);
  }

  /**
   * Column {@code column}'s watts since the interval started, NaN where there is none (no two
   * readings, a counter that went back, a clock that went back, readings too close together).
   */
  double watts(int column) {
    long since = baseMillis[column];
    long elapsed = millis[column] - since;
    double gained = joules[column] - baseJoules[column];
    if (since == Long.MIN_VALUE || elapsed <= 0 || gained < 0 || tooClose(column)) {
      return Double.NaN;
    }
    return gained * 1000 / elapsed;
  }

  /** A new reading less than half an interval after the last value's: keep the base. */
  private boolean tooClose(int column) {
    long elapsed = millis[column] - baseMillis[column];
    return baseMillis[column] != Long.MIN_VALUE && elapsed >= 0 && elapsed < minElapsedMillis;
  }
}

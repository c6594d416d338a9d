package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RowBatch;
import java.util.Arrays;

/**
 * Watts per column from cumulative joules: each column's energy gained since its last emitted value
 * over the time between them. A row's NaN (no reading) is skipped, so a column read less often than
 * the sampler ticks (NVML) gets one value per reading; a counter that went back gives no value.
 */
final class LiveWatts {

  private final double[] baseJoules;
  private final long[] baseMillis;
  private final double[] joules;
  private final long[] millis;

  LiveWatts(int width) {
    baseJoules = new double[width];
    joules = new double[width];
    baseMillis = new long[width];
    millis = new long[width];
    Arrays.fill(baseMillis, Long.MIN_VALUE);
    Arrays.fill(millis, Long.MIN_VALUE);
  }

  /** Takes in row {@code row} of {@code batch}. */
  void observe(RowBatch batch, int row) {
    for (int column = 0; column < joules.length; column++) {
      double value = batch.value(row, column);
      if (!Double.isNaN(value)) {
        joules[column] = value;
        millis[column] = batch.timestampMillis(row);
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
      appendWatts(json, column);
      baseJoules[column] = joules[column];
      baseMillis[column] = millis[column];
    }
    json.append(']');
  }

  /** Starts the next interval without emitting. */
  void rebase() {
    System.arraycopy(joules, 0, baseJoules, 0, joules.length);
    System.arraycopy(millis, 0, baseMillis, 0, millis.length);
  }

  private void appendWatts(StringBuilder json, int column) {
    long since = baseMillis[column];
    long elapsed = millis[column] - since;
    double gained = joules[column] - baseJoules[column];
    if (since == Long.MIN_VALUE || elapsed <= 0 || gained < 0) {
      json.append("null");
      return;
    }
    json.append(Math.round(gained * 1e6 / elapsed) / 1000.0);
  }
}

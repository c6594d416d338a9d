package io.jouleflow.agent.buffer;

import java.util.Arrays;

/**
 * Rows copied out of a {@link SampleRing}, owned by one reader: consecutive sequences starting at
 * {@link #firstSequence()}. Reusable; grows as needed.
 */
public final class RowBatch implements SequencedBatch {

  private long firstSequence;
  private int width;
  private int start;
  private int end;
  private long[] timestamps = new long[16];
  private double[] values = new double[0];

  @Override
  public long firstSequence() {
    return firstSequence;
  }

  @Override
  public int size() {
    return end - start;
  }

  /** How many values each row holds. */
  public int width() {
    return width;
  }

  /** The wall-clock time of row {@code row} (0-based), in milliseconds since the epoch. */
  public long timestampMillis(int row) {
    return timestamps[start + row];
  }

  /** The value of series {@code column} in row {@code row}; NaN where it was not read. */
  public double value(int row, int column) {
    return values[(start + row) * width + column];
  }

  void reset(long firstSequence, int width, int expectedRows) {
    this.firstSequence = firstSequence;
    this.width = width;
    this.start = 0;
    this.end = 0;
    if (timestamps.length < expectedRows) {
      timestamps = new long[Math.max(expectedRows, timestamps.length * 2)];
    }
    if (values.length < timestamps.length * width) {
      values = new double[timestamps.length * width];
    }
  }

  void put(long sequence, long timestampMillis, double[] source, int offset) {
    assert sequence == firstSequence + size();
    timestamps[end] = timestampMillis;
    System.arraycopy(source, offset, values, end * width, width);
    end++;
  }

  /** Forgets the rows up to and including {@code sequence}: they were overwritten mid-copy. */
  void dropThrough(long sequence) {
    int drop = (int) Math.min(size(), sequence - firstSequence + 1);
    start += drop;
    firstSequence += drop;
  }

  @Override
  public String toString() {
    return "RowBatch["
        + firstSequence
        + ".."
        + endSequence()
        + ") "
        + Arrays.toString(Arrays.copyOfRange(timestamps, start, end));
  }
}

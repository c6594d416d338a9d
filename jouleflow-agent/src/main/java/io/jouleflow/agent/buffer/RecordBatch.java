package io.jouleflow.agent.buffer;

import java.util.Arrays;

/** Records copied out of a {@link RecordRing}, owned by one reader. Reusable; grows as needed. */
public final class RecordBatch implements SequencedBatch {

  private long firstSequence;
  private int start;
  private int end;
  private int[] seriesIds = new int[16];
  private long[] timestamps = new long[16];
  private double[] values = new double[16];

  @Override
  public long firstSequence() {
    return firstSequence;
  }

  @Override
  public int size() {
    return end - start;
  }

  /** The series id of record {@code index} (0-based), see {@link SeriesRegistry}. */
  public int seriesId(int index) {
    return seriesIds[start + index];
  }

  /** The timestamp of record {@code index}, in milliseconds since the epoch. */
  public long timestampMillis(int index) {
    return timestamps[start + index];
  }

  /** The value of record {@code index}. */
  public double value(int index) {
    return values[start + index];
  }

  void reset(long firstSequence, int expected) {
    this.firstSequence = firstSequence;
    this.start = 0;
    this.end = 0;
    if (seriesIds.length < expected) {
      int length = Math.max(expected, seriesIds.length * 2);
      seriesIds = new int[length];
      timestamps = new long[length];
      values = new double[length];
    }
  }

  void put(int seriesId, long timestampMillis, double value) {
    seriesIds[end] = seriesId;
    timestamps[end] = timestampMillis;
    values[end] = value;
    end++;
  }

  void dropThrough(long sequence) {
    int drop = (int) Math.min(size(), sequence - firstSequence + 1);
    start += drop;
    firstSequence += drop;
  }

  @Override
  public String toString() {
    return "RecordBatch["
        + firstSequence
        + ".."
        + endSequence()
        + ") "
        + Arrays.toString(Arrays.copyOfRange(seriesIds, start, end));
  }
}

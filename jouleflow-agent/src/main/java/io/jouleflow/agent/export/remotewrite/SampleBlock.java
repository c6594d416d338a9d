package io.jouleflow.agent.export.remotewrite;

import java.util.Arrays;

/**
 * The samples of one request, grouped by series: filled in ring order, one sample at a time, and
 * read series by series. A series is a <em>slot</em>: a ring column for rows, a series id for
 * plugin records. Reusable: {@link #clear()} keeps the arrays.
 */
final class SampleBlock {

  private static final int INITIAL_SAMPLES = 16;
  private static final long[] NO_TIMESTAMPS = new long[0];
  private static final double[] NO_VALUES = new double[0];

  private int[] counts = new int[0];
  private long[][] timestamps = new long[0][];
  private double[][] values = new double[0][];
  private int[] used = new int[8];
  private int seriesCount;
  private int samples;

  /** Forgets every sample. */
  void clear() {
    for (int i = 0; i < seriesCount; i++) {
      counts[used[i]] = 0;
    }
    seriesCount = 0;
    samples = 0;
  }

  /** Appends a sample to series {@code slot} (0 or more). */
  void add(int slot, long timestampMillis, double value) {
    if (slot >= counts.length) {
      growSlots(slot + 1);
    }
    int count = counts[slot];
    if (count == 0) {
      markUsed(slot);
    }
    if (count == timestamps[slot].length) {
      int length = Math.max(INITIAL_SAMPLES, count * 2);
      timestamps[slot] = Arrays.copyOf(timestamps[slot], length);
      values[slot] = Arrays.copyOf(values[slot], length);
    }
    timestamps[slot][count] = timestampMillis;
    values[slot][count] = value;
    counts[slot] = count + 1;
    samples++;
  }

  /** Samples held, in all series. */
  int samples() {
    return samples;
  }

  /** Series holding at least one sample. */
  int seriesCount() {
    return seriesCount;
  }

  /** The slot of the {@code index}-th series, in the order series first got a sample. */
  int slot(int index) {
    return used[index];
  }

  /** Samples of series {@code slot}. */
  int count(int slot) {
    return slot < counts.length ? counts[slot] : 0;
  }

  /** Timestamps of series {@code slot}, valid up to {@link #count(int)}. */
  long[] timestamps(int slot) {
    return timestamps[slot];
  }

  /** Values of series {@code slot}, valid up to {@link #count(int)}. */
  double[] values(int slot) {
    return values[slot];
  }

  private void markUsed(int slot) {
    if (seriesCount == used.length) {
      used = Arrays.copyOf(used, seriesCount * 2);
    }
    used[seriesCount++] = slot;
  }

  private void growSlots(int needed) {
    int length = Math.max(needed, counts.length * 2);
    int old = counts.length;
    counts = Arrays.copyOf(counts, length);
    timestamps = Arrays.copyOf(timestamps, length);
    values = Arrays.copyOf(values, length);
    Arrays.fill(timestamps, old, length, NO_TIMESTAMPS);
    Arrays.fill(values, old, length, NO_VALUES);
  }
}

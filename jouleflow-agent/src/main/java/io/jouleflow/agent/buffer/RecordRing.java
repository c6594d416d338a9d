package io.jouleflow.agent.buffer;

import java.util.Arrays;

/**
 * A bounded, preallocated ring of plugin records: one entry per sample, holding the id of its
 * series (see {@link SeriesRegistry}), its timestamp and its value. One thread appends; readers
 * copy out through their own {@link RingCursor}, as with {@link SampleRing}.
 *
 * <p>What a record means for every exporter is decided here, at the door: every record is a sample,
 * whatever its value; any NaN is stored as the canonical {@link Double#NaN}, so nothing can forge
 * Prometheus' staleness marker; a record not after the last one of its series is refused, so every
 * series' samples ascend in ring order.
 */
public final class RecordRing implements SequencedRing<RecordBatch> {

  private final Sequencer sequencer;
  private final int capacity;
  private final int mask;
  private final int[] seriesIds;
  private final long[] timestamps;
  private final double[] values;
  private long[] lastBySeries = new long[0];

  /** A ring holding at least {@code minRecords} records, rounded up to a power of two. */
  public RecordRing(int minRecords) {
    this.capacity = Sequencer.capacityFor(minRecords);
    this.sequencer = new Sequencer(capacity);
    this.mask = capacity - 1;
    this.seriesIds = new int[capacity];
    this.timestamps = new long[capacity];
    this.values = new double[capacity];
  }

  /**
   * The heap a ring of at least {@code minRecords} records takes: a series id, a timestamp and a
   * value per record, the capacity rounded up to a power of two.
   */
  public static long bytesFor(int minRecords) {
    return (long) Sequencer.capacityFor(minRecords) * (Integer.BYTES + Long.BYTES + Double.BYTES);
  }

  /**
   * Appends one record, unless its series has one at the same or a later time. Only one thread may
   * call this.
   *
   * @return false when refused for order
   */
  public boolean append(int seriesId, long timestampMillis, double value) {
    if (seriesId >= lastBySeries.length) {
      growSeries(seriesId + 1);
    }
    if (timestampMillis <= lastBySeries[seriesId]) {
      return false;
    }
    lastBySeries[seriesId] = timestampMillis;
    long sequence = sequencer.claimNext();
    int slot = (int) (sequence & mask);
    seriesIds[slot] = seriesId;
    timestamps[slot] = timestampMillis;
    values[slot] = Double.isNaN(value) ? Double.NaN : value;
    sequencer.publish(sequence);
    return true;
  }

  /** A new reader's cursor, at the oldest entry the ring still holds. */
  public RingCursor<RecordBatch> cursor() {
    return new RingCursor<>(this);
  }

  @Override
  public long published() {
    return sequencer.published();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public RecordBatch copyFrom(long from, RecordBatch into) {
    return copyRange(from, Long.MAX_VALUE, Integer.MAX_VALUE, into);
  }

  /**
   * Copies the records from sequence {@code from} (or the oldest still held) up to, not including,
   * {@code end}, at most {@code maxRecords} of them, into {@code into}, skipping records
   * overwritten before or while they were copied: one bounded chunk of a longer range.
   */
  public RecordBatch copyRange(long from, long end, int maxRecords, RecordBatch into) {
    long first = sequencer.firstReadable(from);
    long last = Math.min(Math.min(end, published() + 1), first + maxRecords);
    into.reset(first, (int) Math.max(0, last - first));
    for (long sequence = first; sequence < last; sequence++) {
      int slot = (int) (sequence & mask);
      into.put(seriesIds[slot], timestamps[slot], values[slot]);
    }
    long overwrittenUpTo = sequencer.overwrittenUpTo();
    if (overwrittenUpTo >= first) {
      into.dropThrough(overwrittenUpTo);
    }
    return into;
  }

  private void growSeries(int needed) {
    int from = lastBySeries.length;
    lastBySeries = Arrays.copyOf(lastBySeries, Math.max(needed, from * 2));
    Arrays.fill(lastBySeries, from, lastBySeries.length, Long.MIN_VALUE);
  }
}

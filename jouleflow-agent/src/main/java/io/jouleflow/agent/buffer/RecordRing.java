package io.jouleflow.agent.buffer;

/**
 * A bounded, preallocated ring of plugin records: one entry per sample, holding the id of its
 * series (see {@link SeriesRegistry}), its timestamp and its value. One thread appends; readers
 * copy out through their own {@link RingCursor}, as with {@link SampleRing}.
 */
public final class RecordRing implements SequencedRing<RecordBatch> {

  private final Sequencer sequencer;
  private final int capacity;
  private final int mask;
  private final int[] seriesIds;
  private final long[] timestamps;
  private final double[] values;

  /** A ring holding at least {@code minRecords} records, rounded up to a power of two. */
  public RecordRing(int minRecords) {
    this.capacity = Sequencer.capacityFor(minRecords);
    this.sequencer = new Sequencer(capacity);
    this.mask = capacity - 1;
    this.seriesIds = new int[capacity];
    this.timestamps = new long[capacity];
    this.values = new double[capacity];
  }

  /** Appends one record. Only one thread may call this. */
  public void append(int seriesId, long timestampMillis, double value) {
    long sequence = sequencer.claimNext();
    int slot = (int) (sequence & mask);
    seriesIds[slot] = seriesId;
    timestamps[slot] = timestampMillis;
    values[slot] = value;
    sequencer.publish(sequence);
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
    long newest = published();
    long first = sequencer.firstReadable(from);
    into.reset(first, (int) Math.max(0, newest - first + 1));
    for (long sequence = first; sequence <= newest; sequence++) {
      int slot = (int) (sequence & mask);
      into.put(seriesIds[slot], timestamps[slot], values[slot]);
    }
    long overwrittenUpTo = sequencer.overwrittenUpTo();
    if (overwrittenUpTo >= first) {
      into.dropThrough(overwrittenUpTo);
    }
    return into;
  }
}

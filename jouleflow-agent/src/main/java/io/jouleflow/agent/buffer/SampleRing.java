package io.jouleflow.agent.buffer;

/**
 * A bounded, preallocated ring of sample rows: one row per sampler tick, holding the tick's
 * wall-clock time and one value per series.
 *
 * <p>What a row means for every exporter is decided here, at the door: {@link Double#NaN} in a row
 * is no sample (the reading failed or was not due), never a value; row timestamps strictly ascend
 * (a row stamped at or before the previous one is moved 1 ms after it: Prometheus keeps one sample
 * per series per millisecond, and a receiver refuses a whole request for one sample out of order),
 * so every series' samples ascend in ring order.
 *
 * <p>One thread appends; any number of readers copy rows out through their own {@link RingCursor}.
 * Rows are numbered by a sequence; a row lives in slot {@code sequence & mask}. The writer never
 * waits for readers: a reader that falls behind by more than the capacity loses its oldest rows,
 * and its cursor counts them. Readers detect rows overwritten while they copied them (a sequence
 * lock: the writer announces the row it claims before writing it).
 */
public final class SampleRing implements SequencedRing<RowBatch> {

  private final Sequencer sequencer;
  private final int capacity;
  private final int mask;
  private final int width;
  private final long[] timestamps;
  private final double[] values;
  private long lastTimestamp = Long.MIN_VALUE / 2;

  /**
   * A ring holding at least {@code minRows} rows of {@code width} values each; the capacity is
   * rounded up to a power of two.
   */
  public SampleRing(int minRows, int width) {
    if (width < 0) {
      throw new IllegalArgumentException("width must not be negative, got " + width);
    }
    this.capacity = Sequencer.capacityFor(minRows);
    this.sequencer = new Sequencer(capacity);
    this.mask = capacity - 1;
    this.width = width;
    this.timestamps = new long[capacity];
    this.values = new double[Math.multiplyExact(capacity, width)];
  }

  /**
   * The heap a ring of at least {@code minRows} rows of {@code width} values takes: a timestamp and
   * {@code width} values per row, the capacity rounded up to a power of two.
   */
  public static long bytesFor(int minRows, int width) {
    return (long) Sequencer.capacityFor(minRows) * (Long.BYTES + (long) width * Double.BYTES);
  }

  /**
   * Appends one row, stamped {@code timestampMillis} or 1 ms after the previous row if that is
   * later. Only one thread may call this.
   *
   * @return the timestamp the row got
   */
  public long append(long timestampMillis, double[] row) {
    long timestamp = Math.max(timestampMillis, lastTimestamp + 1);
    lastTimestamp = timestamp;
    long sequence = sequencer.claimNext();
    int slot = (int) (sequence & mask);
    timestamps[slot] = timestamp;
    System.arraycopy(row, 0, values, slot * width, width);
    sequencer.publish(sequence);
    return timestamp;
  }

  /** A new reader's cursor, at the oldest entry the ring still holds. */
  public RingCursor<RowBatch> cursor() {
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

  /** How many values each row holds. */
  public int width() {
    return width;
  }

  /** Copies the newest {@code rows} rows (fewer when the ring holds fewer) into {@code into}. */
  public RowBatch copyLatest(int rows, RowBatch into) {
    return copyFrom(Math.max(0, published() - rows + 1), into);
  }

  /**
   * Copies one column of the rows from sequence {@code from} (or the oldest still held) up to, not
   * including, {@code end}, at most {@code maxRows} of them, into {@code into} as a batch of width
   * one; rows overwritten before or while they were copied are skipped. A reader streams a long
   * range this way in bounded chunks: the next chunk starts at the batch's {@link
   * RowBatch#endSequence()}.
   */
  public RowBatch copyColumn(long from, long end, int column, int maxRows, RowBatch into) {
    if (column < 0 || column >= width) {
      throw new IndexOutOfBoundsException("column " + column + " of " + width);
    }
    long first = sequencer.firstReadable(from);
    long last = Math.min(Math.min(end, published() + 1), first + maxRows);
    into.reset(first, 1, (int) Math.max(0, last - first));
    for (long sequence = first; sequence < last; sequence++) {
      int slot = (int) (sequence & mask);
      into.put(sequence, timestamps[slot], values, slot * width + column);
    }
    long overwrittenUpTo = sequencer.overwrittenUpTo();
    if (overwrittenUpTo >= first) {
      into.dropThrough(overwrittenUpTo);
    }
    return into;
  }

  /**
   * Copies every row from sequence {@code from} up to the newest into {@code into}, skipping rows
   * that were overwritten before or while they were copied.
   */
  @Override
  public RowBatch copyFrom(long from, RowBatch into) {
    return copyFrom(from, capacity, into);
  }

  /**
   * Copies the rows from sequence {@code from} (or the oldest still held), at most {@code maxRows}
   * of them, into {@code into}, skipping rows that were overwritten before or while they were
   * copied: a reader that must bound what it holds reads this way.
   */
  public RowBatch copyFrom(long from, int maxRows, RowBatch into) {
    long first = sequencer.firstReadable(from);
    long newest = Math.min(published(), first + maxRows - 1);
    into.reset(first, width, (int) Math.max(0, newest - first + 1));
    for (long sequence = first; sequence <= newest; sequence++) {
      int slot = (int) (sequence & mask);
      into.put(sequence, timestamps[slot], values, slot * width);
    }
    long overwrittenUpTo = sequencer.overwrittenUpTo();
    if (overwrittenUpTo >= first) {
      into.dropThrough(overwrittenUpTo);
    }
    return into;
  }
}

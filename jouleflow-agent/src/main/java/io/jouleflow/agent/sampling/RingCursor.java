package io.jouleflow.agent.sampling;

/**
 * One reader's position in a {@link SampleRing}. Reading does not move the cursor: the reader
 * {@link #commit commits} a batch once it has delivered it, so a failed delivery is read again. Not
 * thread-safe: each reader guards its own cursor.
 */
public final class RingCursor {

  private final SampleRing ring;
  private long next;
  private long droppedRows;

  /** A cursor that starts at the oldest row the ring still holds. */
  public RingCursor(SampleRing ring) {
    this.ring = ring;
    this.next = Math.max(0, ring.published() - ring.capacity() + 1);
  }

  /** Copies every row after the cursor into {@code into}, without moving the cursor. */
  public RowBatch peek(RowBatch into) {
    return ring.copyFrom(next, into);
  }

  /**
   * Moves the cursor past {@code end}, the {@link RowBatch#endSequence()} of a delivered batch that
   * began at {@code first}. Rows between the cursor and {@code first} were overwritten before this
   * reader got them: they are counted as dropped.
   */
  public void commit(long first, long end) {
    if (end <= next) {
      return;
    }
    if (first > next) {
      droppedRows += first - next;
    }
    next = end;
  }

  /** The sequence of the next row this reader wants. */
  public long next() {
    return next;
  }

  /** Rows this reader lost because the ring overwrote them first. */
  public long droppedRows() {
    return droppedRows;
  }
}

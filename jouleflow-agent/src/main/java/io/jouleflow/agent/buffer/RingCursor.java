package io.jouleflow.agent.buffer;

/**
 * One reader's position in a {@link SequencedRing}. Reading does not move the cursor: the reader
 * {@link #commit commits} a batch once it has delivered it, so a failed delivery is read again. Not
 * thread-safe: each reader guards its own cursor.
 */
public final class RingCursor<B extends SequencedBatch> {

  private final SequencedRing<B> ring;
  private long next;
  private long dropped;

  /** A cursor that starts at the oldest row the ring still holds. */
  RingCursor(SequencedRing<B> ring) {
    this.ring = ring;
    this.next = Math.max(0, ring.published() - ring.capacity() + 1);
  }

  /** Copies every entry after the cursor into {@code into}, without moving the cursor. */
  public B peek(B into) {
    return ring.copyFrom(next, into);
  }

  /**
   * Moves the cursor past {@code end}, the {@link RowBatch#endSequence()} of a delivered batch that
   * began at {@code first}. Entries between the cursor and {@code first} were overwritten before
   * this reader got them: they are counted as dropped.
   */
  public void commit(long first, long end) {
    if (end <= next) {
      return;
    }
    if (first > next) {
      dropped += first - next;
    }
    next = end;
  }

  /** The sequence of the next row this reader wants. */
  public long next() {
    return next;
  }

  /** Entries this reader lost because the ring overwrote them first. */
  public long dropped() {
    return dropped;
  }
}

package io.jouleflow.agent.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sequence lock of a single-writer ring: the writer claims a sequence before it overwrites the
 * slot and publishes it after; a reader that copied slots checks afterwards which of them the
 * writer may have overwritten meanwhile.
 */
final class Sequencer {

  private static final VarHandle PUBLISHED;
  private static final VarHandle CLAIMED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PUBLISHED = lookup.findVarHandle(Sequencer.class, "published", long.class);
      CLAIMED = lookup.findVarHandle(Sequencer.class, "claimed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int capacity;

  @SuppressWarnings("unused") // accessed through PUBLISHED
  private volatile long published = -1;

  @SuppressWarnings("unused") // accessed through CLAIMED
  private volatile long claimed = -1;

  Sequencer(int capacity) {
    this.capacity = capacity;
  }

  /** Rounds {@code minimum} up to a power of two, checking it lies in 1..2^24. */
  static int capacityFor(int minimum) {
    if (minimum < 1 || minimum > 1 << 24) {
      throw new IllegalArgumentException("capacity must be in 1..16777216, got " + minimum);
    }
    int power = Integer.highestOneBit(minimum);
    return power == minimum ? minimum : power << 1;
  }

  /** Writer: announces the next sequence before writing its slot; returns it. */
  long claimNext() {
    long sequence = (long) PUBLISHED.getOpaque(this) + 1;
    CLAIMED.setRelease(this, sequence);
    VarHandle.storeStoreFence();
    return sequence;
  }

  /** Writer: makes {@code sequence} visible to readers. */
  void publish(long sequence) {
    PUBLISHED.setRelease(this, sequence);
  }

  /** The newest published sequence, or -1 before the first. */
  long published() {
    return (long) PUBLISHED.getAcquire(this);
  }

  /** Reader, after copying: every sequence up to the returned one may have been overwritten. */
  long overwrittenUpTo() {
    VarHandle.loadLoadFence();
    return (long) CLAIMED.getAcquire(this) - capacity;
  }

  /** The first sequence a reader wanting {@code from} can still get. */
  long firstReadable(long from) {
    return Math.max(from, published() - capacity + 1);
  }
}

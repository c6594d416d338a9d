package io.jouleflow.agent.export.remotewrite;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Failed batches waiting to be sent again, oldest first, at most {@code capacity}; adding to a full
 * queue drops the oldest. Used by the shipper thread only.
 */
final class RetryQueue {

  private final int capacity;
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private long samples;

  RetryQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Queues {@code batch} last; returns the oldest batch when it was dropped to make room. */
  Optional<Batch> add(Batch batch) {
    Batch dropped = batches.size() == capacity ? remove() : null;
    batches.addLast(batch);
    samples += batch.samples();
    return Optional.ofNullable(dropped);
  }

  /** The oldest batch; the queue must not be empty. */
  Batch first() {
    return batches.getFirst();
  }

  /** Removes and returns the oldest batch; the queue must not be empty. */
  Batch remove() {
    Batch first = batches.removeFirst();
    samples -= first.samples();
    return first;
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  int size() {
    return batches.size();
  }

  /** Samples in all queued batches. */
  long samples() {
    return samples;
  }
}

package io.jouleflow.agent.export.remotewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Failed batches waiting to be sent again, oldest first, at most {@code capacity}; adding to a full
 * queue drops the oldest. Used by the shipper thread only.
 */
final class RetryQueue implements Backlog {

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
  @Override
  public Optional<Batch> add(Batch batch) {
    Batch dropped = batches.size() == capacity ? batches.peekFirst() : null;
    if (dropped != null) {
      remove();
    }
    batches.addLast(batch);
    samples += batch.samples();
    return Optional.ofNullable(dropped);
  }

  @Override
  public Optional<Batch> first() {
    return Optional.ofNullable(batches.peekFirst());
  }

  @Override
  public List<Batch> firsts(int maxSamples, int maxRawBytes) {
    List<Batch> parts = new ArrayList<>();
    long samplesTaken = 0;
    long bytes = 0;
    for (Batch batch : batches) {
      samplesTaken += batch.samples();
      bytes += BatchJoiner.rawSize(batch);
      if (!parts.isEmpty() && (samplesTaken > maxSamples || bytes > maxRawBytes)) {
        break;
      }
      parts.add(batch);
    }
    return parts;
  }

  /** Removes the oldest batch; the queue must not be empty. */
  @Override
  public void remove() {
    samples -= batches.removeFirst().samples();
  }

  @Override
  public boolean isEmpty() {
    return batches.isEmpty();
  }

  @Override
  public int size() {
    return batches.size();
  }

  /** Samples in all queued batches. */
  @Override
  public long samples() {
    return samples;
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public void sync() {}

  /** Forgets every batch: all are lost. */
  @Override
  public long abandon() {
    long lost = samples;
    batches.clear();
    samples = 0;
    return lost;
  }
}

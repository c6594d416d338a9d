package io.jouleflow.agent.export.remotewrite;

import java.util.List;
import java.util.Optional;

/**
 * Requests waiting to be sent, oldest first: in memory ({@link RetryQueue}) or on disk ({@link
 * SpoolBacklog}). Used by the shipper thread only.
 */
interface Backlog {

  /** Queues {@code batch} last; returns a batch dropped to make room, if any. */
  Optional<Batch> add(Batch batch);

  /** The oldest batch; empty when none is left (or none intact). */
  Optional<Batch> first();

  /**
   * The oldest batches, to be joined into one request: the oldest, then as many of the next ones as
   * keep the total within {@code maxSamples} samples and {@code maxRawBytes} uncompressed bytes
   * (see {@link BatchJoiner#rawSize}); empty when none is left (or none intact).
   */
  List<Batch> firsts(int maxSamples, int maxRawBytes);

  /** Removes the oldest batch: it is done with. */
  void remove();

  /**
   * An attempt to send {@code parts}, the oldest batches, reached the receiver but its answer never
   * came: marks them, and remembers it for as long as they wait.
   */
  default void markMayHaveLanded(List<Batch> parts) {
    parts.forEach(Batch::markMayHaveLanded);
  }

  boolean isEmpty();

  /** Batches held. */
  int size();

  /** Samples in all batches held. */
  long samples();

  /**
   * Whether each batch is on disk before it is sent: then new batches are queued, made durable with
   * {@link #sync()} and sent from the backlog, never sent straight away.
   */
  boolean durable();

  /** Makes every batch added so far durable; nothing to do in memory. */
  void sync();

  /** At shutdown: lets go of what cannot outlive the process; returns the samples lost. */
  long abandon();
}

package io.jouleflow.agent.export.remotewrite;

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

  /** Removes the batch {@link #first()} returned: it is done with. */
  void remove();

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

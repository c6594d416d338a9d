package io.jouleflow.agent.buffer;

/** Consecutive entries copied out of a {@link SequencedRing}. */
interface SequencedBatch {

  /** The sequence of the first entry, or the next expected sequence when empty. */
  long firstSequence();

  /** How many entries the batch holds. */
  int size();

  /** The sequence after the last entry. */
  default long endSequence() {
    return firstSequence() + size();
  }
}

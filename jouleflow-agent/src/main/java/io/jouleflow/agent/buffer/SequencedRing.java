package io.jouleflow.agent.buffer;

/** A single-writer ring that readers copy from by sequence number. */
interface SequencedRing<B extends SequencedBatch> {

  /** The sequence of the newest entry, or -1 before the first. */
  long published();

  /** How many entries the ring holds. */
  int capacity();

  /** Copies every entry from sequence {@code from} up to the newest into {@code into}. */
  B copyFrom(long from, B into);
}

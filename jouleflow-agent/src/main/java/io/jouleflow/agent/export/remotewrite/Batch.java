package io.jouleflow.agent.export.remotewrite;

/**
 * One request body, ready to send: a snappy-compressed {@code WriteRequest}, and its samples.
 * Remembers whether an attempt may have landed although its answer never came.
 */
final class Batch {

  /** The {@link #seq()} of a batch not in the spool. */
  static final long NO_SEQ = -1;

  private final byte[] body;
  private final int samples;
  private final long seq;
  private boolean mayHaveLanded;

  Batch(byte[] body, int samples) {
    this(body, samples, NO_SEQ);
  }

  /** A batch read back from the spool, where it is record number {@code seq}. */
  Batch(byte[] body, int samples, long seq) {
    if (samples <= 0) {
      throw new IllegalArgumentException("a batch carries samples, got " + samples);
    }
    this.body = body;
    this.samples = samples;
    this.seq = seq;
  }

  /** The compressed request; not to be modified. */
  byte[] body() {
    return body;
  }

  /** How many samples it carries. */
  int samples() {
    return samples;
  }

  /** Its record number in the spool, or {@link #NO_SEQ}. */
  long seq() {
    return seq;
  }

  /** Whether an attempt reached the receiver (its answer was lost or late), as far as known. */
  boolean mayHaveLanded() {
    return mayHaveLanded;
  }

  /** An attempt was sent but its answer never came: the receiver may have stored the samples. */
  void markMayHaveLanded() {
    mayHaveLanded = true;
  }
}

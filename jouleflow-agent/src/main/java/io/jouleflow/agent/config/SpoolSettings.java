package io.jouleflow.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The push spool: where remote-write requests wait on disk until the receiver has them.
 *
 * @param dir the spool's folder; empty: requests wait in memory only, as without a spool
 * @param maxBytes the most bytes the spool's files may take; beyond it the oldest are dropped
 */
public record SpoolSettings(Optional<Path> dir, long maxBytes) {

  /** No spool. */
  public static final SpoolSettings NONE = new SpoolSettings(Optional.empty(), 256L << 20);

  /** Checks the size. */
  public SpoolSettings {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("SPOOL_MAX_BYTES must be positive, got " + maxBytes);
    }
  }
}

package io.jouleflow.agent.export.remotewrite;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: after the {@code n}-th failure in a row the base wait is
 * {@code initial × 2^(n-1)}, at most {@code max}; the wait is drawn uniformly between half the base
 * and the base, so that agents that failed together do not retry together.
 */
final class Backoff {

  /** First base wait, as Prometheus' remote write. */
  static final Duration INITIAL = Duration.ofMillis(30);

  /** Largest base wait, as Prometheus' remote write. */
  static final Duration MAX = Duration.ofSeconds(5);

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The wait after {@code failures} (1 or more) failures in a row, in nanoseconds. */
  long delayNanos(int failures) {
    long base = baseNanos(failures);
    return base - random.nextLong(base / 2 + 1);
  }

  /** The wait before jitter after {@code failures} failures in a row. */
  long baseNanos(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 62);
    long base = initialNanos;
    for (int i = 0; i < doublings && base < maxNanos; i++) {
      base *= 2;
    }
    return Math.min(base, maxNanos);
  }

  /** The smallest wait after a failure: half the initial base. */
  long minimumNanos() {
    return initialNanos - initialNanos / 2;
  }
}

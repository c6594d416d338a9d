package io.jouleflow.agent.runtime;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Capped exponential backoff, the agent's one: after the {@code n}-th failure in a row the base
 * wait is {@code initial × 2^(n-1)}, at most {@code max}. With jitter, the wait is drawn uniformly
 * between half the base and the base, so that agents that failed together do not retry together.
 * Its settings are immutable; with jitter it draws from its random generator, so a jittered backoff
 * belongs to one thread. {@link #restarts} keeps the count of one restart loop.
 */
public final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private final @Nullable RandomGenerator jitter;

  /**
   * A backoff from {@code initial} doubling to {@code max}.
   *
   * @param jitter where jitter is drawn from, or null for exact waits
   */
  public Backoff(Duration initial, Duration max, @Nullable RandomGenerator jitter) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.jitter = jitter;
  }

  /** The wait after {@code failures} (1 or more) failures in a row, in nanoseconds. */
  public long delayNanos(int failures) {
    long base = baseNanos(failures);
    return jitter == null ? base : base - jitter.nextLong(base / 2 + 1);
  }

  /** The wait before jitter after {@code failures} failures in a row. */
  public long baseNanos(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 62);
    long base = initialNanos;
    for (int i = 0; i < doublings && base < maxNanos; i++) {
      base *= 2;
    }
    return Math.min(base, maxNanos);
  }

  /** The smallest wait after a failure: half the initial base with jitter, else the initial. */
  public long minimumNanos() {
    return jitter == null ? initialNanos : initialNanos - initialNanos / 2;
  }

  /**
   * The delays of one restart loop: growing with each restart, back to the first once a run lasted
   * {@code resetAfter}.
   */
  public Restarts restarts(Duration resetAfter) {
    return new Restarts(this, resetAfter.toNanos());
  }

  /** The failures in a row of one restart loop. Used by one thread only. */
  public static final class Restarts {

    private final Backoff backoff;
    private final long resetAfterNanos;
    private int failures;

    private Restarts(Backoff backoff, long resetAfterNanos) {
      this.backoff = backoff;
      this.resetAfterNanos = resetAfterNanos;
    }

    /** The wait before the next start, after a run that lasted {@code ran}. */
    public Duration next(Duration ran) {
      if (ran.toNanos() >= resetAfterNanos) {
        failures = 0;
      }
      failures = Math.min(failures + 1, 64);
      return Duration.ofNanos(backoff.delayNanos(failures));
    }
  }
}

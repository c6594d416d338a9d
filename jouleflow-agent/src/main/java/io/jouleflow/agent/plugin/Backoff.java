package io.jouleflow.agent.plugin;

import java.time.Duration;

/**
 * How long to wait before restarting a crashed collector: {@code initial}, doubling up to {@code
 * max}; back to {@code initial} once a run lasted {@code resetAfter}.
 */
record Backoff(Duration initial, Duration max, Duration resetAfter) {

  /** 1 s doubling to 60 s, reset after a minute of running fine. */
  static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));

  Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
  }

  /** The wait after one of {@code nanos}. */
  long next(long nanos) {
    return nanos > max.toNanos() / 2 ? max.toNanos() : nanos * 2;
  }
}

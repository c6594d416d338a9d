package io.jouleflow.agent.plugin.exec;

import java.time.Duration;

/**
 * Delays before restarting a program that exited: 1 s, doubling up to 60 s, back to 1 s once the
 * program had run for 60 s or more. Used by one thread only.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final Duration resetAfter;
  private Duration next;

  Backoff(Duration initial, Duration max, Duration resetAfter) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
    }
    this.initial = initial;
    this.max = max;
    this.resetAfter = resetAfter;
    this.next = initial;
  }

  /** 1 s doubling to 60 s, reset after a run of 60 s. */
  static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  /** The delay before the next start, after a program that ran for {@code ran}. */
  Duration next(Duration ran) {
    if (ran.compareTo(resetAfter) >= 0) {
      next = initial;
    }
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }
}

package io.jouleflow.agent.plugin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets a warning through at most once per period (the first one always). Thread-safe. */
final class Throttle {

  /** The period of warnings logged inside loops. */
  static final Duration MINUTE = Duration.ofMinutes(1);

  private final long periodNanos;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

  Throttle(Duration period) {
    this.periodNanos = period.toNanos();
  }

  /** Whether to log now, at monotonic time {@code nowNanos}. */
  boolean allow(long nowNanos) {
    long due = next.get();
    return (due == Long.MIN_VALUE || nowNanos - due >= 0)
        && next.compareAndSet(due, nowNanos + periodNanos);
  }
}

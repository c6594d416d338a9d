package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.Clock;

/**
 * How many records an exec plugin may still hand on: a bucket of {@code
 * EXEC_MAX_RECORDS_PER_SECOND} tokens, refilled continuously at that rate. Used by the stdout
 * thread only, so that a program printing as fast as it can costs the agent at most that many
 * parsed records a second.
 */
final class RecordBudget {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double perSecond;
  private final Clock clock;
  private double tokens;
  private long lastNanos;

  /** A full budget of {@code perSecond} records. */
  RecordBudget(int perSecond, Clock clock) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be positive: " + perSecond);
    }
    this.perSecond = perSecond;
    this.clock = clock;
    this.tokens = perSecond;
    this.lastNanos = clock.nanoTime();
  }

  /** The records allowed per second. */
  int perSecond() {
    return (int) perSecond;
  }

  /** Takes {@code records} from the budget if it holds them all; else takes nothing. */
  boolean take(int records) {
    refill();
    if (tokens < records) {
      return false;
    }
    tokens -= records;
    return true;
  }

  /**
   * Waits until the budget is full again (at most a second): meanwhile the program's output is not
   * read, so a program writing faster than the budget blocks on its full pipe.
   */
  void awaitFull() {
    refill();
    long nanos = (long) ((perSecond - tokens) / perSecond * NANOS_PER_SECOND);
    if (nanos > 0) {
      clock.park(nanos);
    }
    refill();
  }

  private void refill() {
    long now = clock.nanoTime();
    tokens = Math.min(perSecond, tokens + (now - lastNanos) * perSecond / NANOS_PER_SECOND);
    lastNanos = now;
  }
}

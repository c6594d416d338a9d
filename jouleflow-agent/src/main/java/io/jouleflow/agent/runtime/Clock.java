package io.jouleflow.agent.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * The agent's one view of time, injected wherever time is read, so that tests drive it instead of
 * sleeping: a monotonic clock for deadlines and intervals, a wall clock for sample timestamps.
 */
public interface Clock {

  /** The system clocks. */
  Clock SYSTEM = new SystemClock();

  /** Monotonic nanoseconds, for deadlines and intervals. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, for sample timestamps. */
  long wallMillis();

  /** Waits up to {@code nanos}; may return early (spuriously or when unparked). */
  void park(long nanos);

  /** Waits until {@link #nanoTime()} reaches {@code deadline} or the thread is interrupted. */
  default void parkUntil(long deadline) {
    long remaining;
    while ((remaining = deadline - nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
      park(remaining);
    }
  }

  /** {@link System#nanoTime()}, {@link System#currentTimeMillis()}, {@link LockSupport}. */
  final class SystemClock implements Clock {

    private SystemClock() {}

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long wallMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void park(long nanos) {
      LockSupport.parkNanos(this, nanos);
    }
  }
}

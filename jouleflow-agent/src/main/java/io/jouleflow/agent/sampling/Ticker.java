package io.jouleflow.agent.sampling;

import java.util.concurrent.locks.LockSupport;

/** The sampler's view of time, so that tests can drive it without sleeping. */
public interface Ticker {

  /** Monotonic nanoseconds, for deadlines. */
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

  /** The system clocks. */
  Ticker SYSTEM =
      new Ticker() {
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
      };
}

package io.jouleflow.agent.sampling;

import java.util.concurrent.locks.LockSupport;

/** The sampler's view of time, so that tests can drive it without sleeping. */
public interface Ticker {

  /** Monotonic nanoseconds, for deadlines. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, for sample timestamps. */
  long wallMillis();

  /** Waits until {@link #nanoTime()} reaches {@code deadline} or the thread is interrupted. */
  void parkUntil(long deadline);

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
        public void parkUntil(long deadline) {
          long remaining;
          while ((remaining = deadline - System.nanoTime()) > 0
              && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, remaining);
          }
        }
      };
}

package io.jouleflow.agent.plugin;

import java.util.concurrent.locks.LockSupport;

/** The pipeline's view of time, so that tests drive restarts and validation without waiting. */
interface PipelineClock {

  /** Monotonic nanoseconds, for backoff and rate-limited warnings. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, to judge record timestamps. */
  long wallMillis();

  /** Waits until {@link #nanoTime()} reaches {@code deadline} or the thread is interrupted. */
  void parkUntil(long deadline);

  /** The system clocks. */
  PipelineClock SYSTEM =
      new PipelineClock() {
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

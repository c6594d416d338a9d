package io.jouleflow.agent.plugin.exec;

/**
 * Lets at most {@code permits} events through per fixed window of time and counts the others, so
 * that a log line inside a loop cannot flood the log. Thread-safe.
 */
final class WindowLimiter {

  /** What {@link #tryAcquire} returns for an event that must be dropped. */
  static final long DENIED = -1;

  private final Object lock = new Object();
  private final int permits;
  private final long windowNanos;
  private boolean started;
  private long windowStart;
  private int used;
  private long suppressed;

  WindowLimiter(int permits, long windowNanos) {
    this.permits = permits;
    this.windowNanos = windowNanos;
  }

  /**
   * Asks to let one event through at monotonic time {@code now}.
   *
   * @return {@link #DENIED}, or how many events were denied since the last one let through
   */
  long tryAcquire(long now) {
    synchronized (lock) {
      if (!started || now - windowStart >= windowNanos) {
        started = true;
        windowStart = now;
        used = 0;
      }
      if (used >= permits) {
        suppressed++;
        return DENIED;
      }
      used++;
      return takeSuppressed();
    }
  }

  /** How many events were denied since the last one let through; resets the count. */
  long takeSuppressed() {
    synchronized (lock) {
      long count = suppressed;
      suppressed = 0;
      return count;
    }
  }
}

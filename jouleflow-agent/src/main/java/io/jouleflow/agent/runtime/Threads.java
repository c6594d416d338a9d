package io.jouleflow.agent.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one thread factory: every thread is named {@code jouleflow-…} by what it does, and
 * whatever escapes it is logged with the thread's name instead of vanishing on stderr.
 */
public final class Threads {

  private static final Logger log = LoggerFactory.getLogger(Threads.class);
  private static final Thread.UncaughtExceptionHandler LOG_DEATH =
      (thread, e) -> log.error("thread {} died", thread.getName(), e);

  private Threads() {}

  /**
   * A new, unstarted daemon thread: a plugin or program that ignores interrupts must not keep the
   * JVM alive.
   */
  public static Thread daemon(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(true)
        .uncaughtExceptionHandler(LOG_DEATH)
        .unstarted(task);
  }

  /** A new, unstarted thread that keeps the JVM alive while it runs (the sampler's). */
  public static Thread nonDaemon(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(false)
        .uncaughtExceptionHandler(LOG_DEATH)
        .unstarted(task);
  }

  /** Virtual threads named {@code <prefix>0}, {@code <prefix>1}, …, for one task each. */
  public static ThreadFactory virtual(String prefix) {
    return Thread.ofVirtual().name(prefix, 0).uncaughtExceptionHandler(LOG_DEATH).factory();
  }

  /**
   * Waits up to {@code limit} for {@code thread} to end. An interrupt does not cut the wait short
   * (a shutdown must still let threads finish within its limits); the caller's interrupt flag is
   * kept and restored.
   *
   * @return whether the thread has ended
   */
  public static boolean join(Thread thread, Duration limit) {
    long deadline = System.nanoTime() + Math.max(0, limit.toNanos());
    boolean interrupted = Thread.interrupted();
    try {
      long remaining;
      while (thread.isAlive() && (remaining = deadline - System.nanoTime()) > 0) {
        try {
          boolean unused = thread.join(Duration.ofNanos(remaining));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return !thread.isAlive();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

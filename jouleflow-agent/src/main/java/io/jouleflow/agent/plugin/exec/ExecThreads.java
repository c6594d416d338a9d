package io.jouleflow.agent.plugin.exec;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes and joins the threads that read a program's output: named, daemon. */
final class ExecThreads {

  private static final Logger log = LoggerFactory.getLogger(ExecThreads.class);

  private ExecThreads() {}

  /** Starts {@code task} on a daemon thread named {@code jouleflow-exec-<plugin>-<role>}. */
  static Thread start(String plugin, String role, Runnable task) {
    return Thread.ofPlatform()
        .name("jouleflow-exec-" + plugin + "-" + role)
        .daemon(true)
        .start(task);
  }

  /**
   * Waits up to {@code limit} for {@code thread} to end, then interrupts it if it has not; keeps
   * (and restores) the caller's interrupt flag.
   */
  static void join(Thread thread, Duration limit) {
    boolean interrupted = Thread.interrupted();
    try {
      if (!thread.join(limit)) {
        log.debug("{} still running after {}; left behind", thread.getName(), limit);
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      thread.interrupt();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package io.jouleflow.agent.cli;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into callbacks, so the agent stops cleanly and exits 0 (a plain JVM
 * shutdown on SIGTERM exits 143); SIGHUP, which would end the JVM with 129, into a log line.
 */
final class Signals {

  private Signals() {}

  /** Runs {@code action} on SIGTERM or SIGINT. */
  static void onTermination(Runnable action) {
    Signal.handle(new Signal("TERM"), signal -> action.run());
    Signal.handle(new Signal("INT"), signal -> action.run());
  }

  /**
   * Runs {@code action} on SIGHUP instead of exiting. Where SIGHUP was ignored when the JVM started
   * (nohup) it stays ignored; where the JVM reserves it ({@code -Xrs}) it is left alone.
   */
  static void onHangup(Runnable action) {
    try {
      Signal.handle(new Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException e) {
      // the JVM or the OS keeps SIGHUP: nothing to replace
    }
  }

  /**
   * From now on SIGINT is ignored here (a terminal's Ctrl-C reaches the measured command itself,
   * being in the same process group) and SIGTERM is passed on to the command, once it runs.
   */
  static void forwardTermination(AtomicReference<@Nullable Process> command) {
    Signal.handle(new Signal("INT"), signal -> {});
    Signal.handle(
        new Signal("TERM"),
        signal -> {
          Process running = command.get();
          if (running != null) {
            running.destroy();
          }
        });
  }
}

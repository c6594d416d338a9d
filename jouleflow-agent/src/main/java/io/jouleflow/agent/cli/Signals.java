package io.jouleflow.agent.cli;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into callbacks, so the agent stops cleanly and exits 0 (a plain JVM
 * shutdown on SIGTERM exits 143).
 */
final class Signals {

  private Signals() {}

  /** Runs {@code action} on SIGTERM or SIGINT. */
  static void onTermination(Runnable action) {
    Signal.handle(new Signal("TERM"), signal -> action.run());
    Signal.handle(new Signal("INT"), signal -> action.run());
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

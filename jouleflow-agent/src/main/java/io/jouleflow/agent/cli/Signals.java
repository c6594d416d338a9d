package io.jouleflow.agent.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a callback, so the agent stops cleanly and exits 0 (a plain JVM
 * shutdown on SIGTERM exits 143).
 */
final class Signals {

  private Signals() {}

  static void onTermination(Runnable action) {
    Signal.handle(new Signal("TERM"), signal -> action.run());
    Signal.handle(new Signal("INT"), signal -> action.run());
  }
}

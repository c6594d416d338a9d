package io.jouleflow.agent.assembly;

import io.jouleflow.agent.plugin.PluginException;

/** The agent cannot start; the message is one line naming the cause. */
public final class StartupException extends Exception {

  private static final long serialVersionUID = 1L;

  StartupException(String message) {
    super(message);
  }

  /** A plugin problem found at start-up (its message is one line already), as a start-up error. */
  static StartupException of(PluginException e) {
    return new StartupException(String.valueOf(e.getMessage()));
  }
}

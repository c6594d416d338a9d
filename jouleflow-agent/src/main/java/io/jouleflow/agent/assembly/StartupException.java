package io.jouleflow.agent.assembly;

/** The agent cannot start; the message is one line naming the cause. */
public final class StartupException extends Exception {

  private static final long serialVersionUID = 1L;

  StartupException(String message) {
    super(message);
  }
}

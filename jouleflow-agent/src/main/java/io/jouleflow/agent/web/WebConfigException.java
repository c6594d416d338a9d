package io.jouleflow.agent.web;

/** A web config file that cannot be used; the message is one line naming the file and why. */
public final class WebConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  WebConfigException(String message) {
    super(message);
  }
}

package io.jouleflow.agent.attribution;

/** Attribution cannot run here; the message says why in one line, for people. */
public final class AttributionUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With the one-line reason. */
  public AttributionUnavailableException(String reason) {
    super(reason);
  }
}

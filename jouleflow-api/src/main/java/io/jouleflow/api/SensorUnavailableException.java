package io.jouleflow.api;

/** A sensor cannot run on this machine; the message is one line naming the cause and the fix. */
public final class SensorUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A sensor that cannot run, for the reason given. */
  public SensorUnavailableException(String reason) {
    super(reason);
  }

  /** A sensor that cannot run, for the reason given, caused by {@code cause}. */
  public SensorUnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}

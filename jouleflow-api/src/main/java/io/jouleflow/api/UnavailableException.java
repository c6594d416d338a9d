package io.jouleflow.api;

/**
 * A sensor or collector cannot run on this machine; the message is one line naming the cause and
 * the fix. Thrown by {@link SensorProvider#open} and {@link CollectorProvider#open}.
 */
public class UnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A plugin that cannot run, for the reason given. */
  public UnavailableException(String reason) {
    super(reason);
  }

  /** A plugin that cannot run, for the reason given, caused by {@code cause}. */
  public UnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}

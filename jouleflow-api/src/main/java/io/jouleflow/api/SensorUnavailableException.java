package io.jouleflow.api;

/**
 * A sensor cannot run on this machine.
 *
 * @deprecated the exception is not sensor-specific: collectors throw it too. Throw {@link
 *     UnavailableException}; plugins that throw this subclass keep working.
 */
@Deprecated(since = "0.1.0")
public final class SensorUnavailableException extends UnavailableException {

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

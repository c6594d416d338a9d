package io.jouleflow.agent.sensor;

import io.jouleflow.api.UnavailableException;

/**
 * A sensor cannot open because one of its own settings has a wrong value: the user's mistake, not
 * the machine's, so the agent stops with this line (exit 2) even where {@code SENSORS=auto} would
 * pass over a sensor that cannot run here.
 */
public final class SettingValueException extends UnavailableException {

  private static final long serialVersionUID = 1L;

  /** {@code SETTING must be ACCEPTED, got 'VALUE'}. */
  public SettingValueException(String setting, String accepted, String value) {
    super(setting + " must be " + accepted + ", got '" + value + "'");
  }
}

package io.jouleflow.agent.config;

/** A setting is wrong; the message is one line naming it and what it accepts. */
public final class SettingsException extends Exception {

  private static final long serialVersionUID = 1L;

  SettingsException(String message) {
    super(message);
  }

  static SettingsException invalid(Setting setting, String value, String origin) {
    return new SettingsException(
        setting.name()
            + " (from "
            + origin
            + ") is '"
            + value
            + "'; accepted: "
            + setting.accepted());
  }
}

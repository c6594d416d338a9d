package io.jouleflow.agent.config;

/** A setting is wrong; the message is one line naming it and what it accepts. */
public final class SettingsException extends Exception {

  private static final long serialVersionUID = 1L;

  SettingsException(String message) {
    super(message);
  }

  static SettingsException invalid(Setting setting, String value, String origin) {
    return invalid(setting, value, origin, "");
  }

  /** As {@link #invalid(Setting, String, String)}, with {@code more} after what is accepted. */
  static SettingsException invalid(Setting setting, String value, String origin, String more) {
    return new SettingsException(
        setting.name()
            + " (from "
            + origin
            + ") is '"
            + value
            + "'; accepted: "
            + setting.accepted()
            + more);
  }
}

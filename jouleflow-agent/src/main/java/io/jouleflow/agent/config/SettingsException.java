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
            + printable(value)
            + "'; accepted: "
            + setting.accepted()
            + more);
  }

  /**
   * {@code text} on one line: each control character written as an escape (a newline as {@code \n},
   * others by their code), so a value cannot split the error or forge a line of its own.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

package io.jouleflow.agent.plugin;

/**
 * Whether one free-running plugin or exec program could run here, found without starting it: for
 * {@code jouleflow sensors}.
 *
 * @param name the plugin's name, e.g. {@code dummy} or {@code exec}
 * @param status whether it would run
 * @param detail what it measures and how, or why it cannot or does not run
 */
public record PluginProbe(String name, Status status, String detail) {

  /** Whether a plugin would run. */
  public enum Status {
    /** It opens here and would run. */
    AVAILABLE,
    /** It cannot run here. */
    UNAVAILABLE,
    /** It is installed, but SENSORS does not name it. */
    NOT_NAMED
  }
}

package io.jouleflow.agent.plugin;

/**
 * A plugin cannot be found, configured or opened; the message is one line naming the plugin and the
 * cause. At start-up the agent reports it and exits with status 2.
 */
public final class PluginException extends Exception {

  private static final long serialVersionUID = 1L;

  PluginException(String message) {
    super(message);
  }
}

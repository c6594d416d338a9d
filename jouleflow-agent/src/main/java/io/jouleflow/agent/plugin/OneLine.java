package io.jouleflow.agent.plugin;

import org.jspecify.annotations.Nullable;

/** Makes a plugin's message fit the one-line start-up errors. */
final class OneLine {

  private OneLine() {}

  static String of(@Nullable String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}

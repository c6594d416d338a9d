package io.jouleflow.agent.runtime;

import java.util.List;
import java.util.regex.Pattern;

/** A command line written as a shell would take it back, for messages and reports. */
public final class ShellWords {

  /** A word that a shell takes as it is. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  /**
   * The words separated by spaces, each with other characters (or none) single-quoted: {@code sh -c
   * 'echo {}'}.
   */
  public static String join(List<String> command) {
    StringBuilder words = new StringBuilder();
    for (String word : command) {
      if (!words.isEmpty()) {
        words.append(' ');
      }
      words.append(
          PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'");
    }
    return words.toString();
  }
}

package io.jouleflow.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into words the way a POSIX shell does for quotes and backslashes. */
final class CommandLineSplitter {

  private CommandLineSplitter() {}

  /**
   * The words of {@code line}; single quotes keep everything, double quotes keep all but backslash
   * escapes, a backslash outside quotes escapes the next character.
   *
   * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\\') {
        if (++i == line.length()) {
          throw new IllegalArgumentException("trailing backslash");
        }
        word.append(line.charAt(i));
        inWord = true;
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated " + quote + " quote");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}

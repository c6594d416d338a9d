package io.jouleflow.agent.plugin.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads UTF-8 lines ({@code \n} or {@code \r\n}) from a stream, keeping at most {@code maxChars} of
 * each so that a program writing without newlines cannot fill the heap. Malformed UTF-8 becomes
 * U+FFFD.
 */
final class BoundedLineReader {

  private final Reader reader;
  private final int maxChars;
  private final StringBuilder line = new StringBuilder();

  BoundedLineReader(InputStream in, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
    }
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.maxChars = maxChars;
  }

  /** The next line, or {@code null} at the end of the stream. */
  @Nullable Line next() throws IOException {
    line.setLength(0);
    boolean tooLong = false;
    int c;
    while ((c = reader.read()) != -1 && c != '\n') {
      if (line.length() < maxChars) {
        line.append((char) c);
      } else {
        tooLong = true;
      }
    }
    if (c == -1 && line.isEmpty()) {
      return null;
    }
    if (!tooLong && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
      line.setLength(line.length() - 1);
    }
    return new Line(line.toString(), tooLong);
  }

  /**
   * One line.
   *
   * @param text the line without its end, cut to {@code maxChars} when too long
   * @param tooLong whether the line was longer than {@code maxChars}
   */
  record Line(String text, boolean tooLong) {}
}

package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Forwards a program's stderr to the log, one entry per line: at WARN when the line speaks of an
 * error or warning, else at INFO. At most 50 lines per 10 s are logged; the others are counted and
 * a note says how many were dropped.
 */
final class StderrForwarder implements Runnable {

  static final int MAX_LINES_PER_WINDOW = 50;
  static final Duration WINDOW = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(StderrForwarder.class);
  private static final int MAX_LINE_CHARS = 2000;
  private static final Pattern WARNING =
      Pattern.compile("(?i)\\b(error|exception|traceback|fatal|critical|warn|warning)\\b");

  private final InputStream stderr;
  private final StderrLog target;
  private final ExecStats stats;
  private final LogLimiter limiter;

  StderrForwarder(InputStream stderr, StderrLog target, ExecStats stats, Clock clock) {
    this.stderr = stderr;
    this.target = target;
    this.stats = stats;
    this.limiter = new LogLimiter(MAX_LINES_PER_WINDOW, WINDOW, clock);
  }

  @Override
  public void run() {
    BoundedLineReader lines = new BoundedLineReader(stderr, MAX_LINE_CHARS);
    try {
      for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
        forward(line);
      }
    } catch (IOException e) {
      log.debug("stderr of the program closed", e);
    }
    reportDropped(limiter.takeHeldBack(StderrForwarder.class));
  }

  private void forward(BoundedLineReader.Line line) {
    long dropped = limiter.allow(StderrForwarder.class);
    stats.stderrLine(dropped == LogLimiter.HELD_BACK);
    if (dropped == LogLimiter.HELD_BACK) {
      return;
    }
    reportDropped(dropped);
    String text = line.tooLong() ? line.text() + "…" : line.text();
    target.line(WARNING.matcher(text).find() ? Level.WARN : Level.INFO, text);
  }

  private void reportDropped(long dropped) {
    if (dropped > 0) {
      target.line(
          Level.WARN,
          "("
              + dropped
              + " lines not logged: more than "
              + MAX_LINES_PER_WINDOW
              + " lines in "
              + WINDOW.toSeconds()
              + " s)");
    }
  }
}

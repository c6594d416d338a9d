package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs bad lines at most once a minute per plugin, quoting at most 200 characters of the line. */
final class BadLineLog {

  private static final Logger log = LoggerFactory.getLogger(BadLineLog.class);
  private static final int QUOTE_CHARS = 200;

  private final String prefix;
  private final Clock clock;
  private final WindowLimiter limiter = new WindowLimiter(1, Duration.ofMinutes(1).toNanos());

  BadLineLog(String prefix, Clock clock) {
    this.prefix = prefix;
    this.clock = clock;
  }

  /** Logs {@code line}, bad for {@code bad}'s reason, unless a bad line was logged lately. */
  void report(ParsedLine.Bad bad, String line) {
    long suppressed = limiter.tryAcquire(clock.nanoTime());
    if (suppressed == WindowLimiter.DENIED) {
      return;
    }
    log.warn(
        "{}: bad line ({}: {}){}: {}",
        prefix,
        bad.reason().label(),
        bad.detail(),
        suppressed == 0 ? "" : " and " + suppressed + " more not logged since the last report",
        quote(line));
  }

  /** {@code line} cut to 200 characters, marked when cut. */
  static String quote(String line) {
    return line.length() <= QUOTE_CHARS ? line : line.substring(0, QUOTE_CHARS) + "…";
  }
}

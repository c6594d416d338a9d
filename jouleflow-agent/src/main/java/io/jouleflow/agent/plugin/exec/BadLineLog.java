package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs bad lines at most once a minute per plugin, quoting at most 200 characters of the line, and
 * records shed beyond the plugin's budget at most once a minute.
 */
final class BadLineLog {

  private static final Logger log = LoggerFactory.getLogger(BadLineLog.class);
  private static final int QUOTE_CHARS = 200;

  private final String prefix;
  private final LogLimiter limiter;

  BadLineLog(String prefix, Clock clock) {
    this.prefix = prefix;
    this.limiter = LogLimiter.oncePerMinute(clock);
  }

  /** Logs {@code line}, bad for {@code bad}'s reason, unless a bad line was logged lately. */
  void report(ParsedLine.Bad bad, String line) {
    long suppressed = limiter.allow();
    if (suppressed == LogLimiter.HELD_BACK) {
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

  /** Logs that records were shed beyond the budget of {@code perSecond}, at most once a minute. */
  void reportShed(int perSecond) {
    long heldBack = limiter.allow(RecordBudget.class);
    if (heldBack != LogLimiter.HELD_BACK) {
      log.warn(
          "{}: writes more than EXEC_MAX_RECORDS_PER_SECOND={} records a second; records are shed"
              + " (counted in jouleflow_exec_records_shed_total) and its output is read no faster"
              + "{}",
          prefix,
          perSecond,
          LogLimiter.heldBackNote(heldBack));
    }
  }

  /** {@code line} cut to 200 characters, marked when cut. */
  static String quote(String line) {
    return line.length() <= QUOTE_CHARS ? line : line.substring(0, QUOTE_CHARS) + "…";
  }
}

package io.jouleflow.agent.export.remotewrite;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds or an HTTP date, as a wait from
 * now, at most {@link #MAX}. Anything else is ignored.
 */
final class RetryAfter {

  /** Longest wait honoured; a larger one is cut to it. */
  static final Duration MAX = Duration.ofMinutes(5);

  private RetryAfter() {}

  /** The wait {@code value} asks for at {@code now}; empty when it is neither form. */
  static Optional<Duration> parse(String value, Instant now) {
    String text = value.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(
          text.length() > 6 ? MAX : bounded(Duration.ofSeconds(Long.parseLong(text))));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(bounded(Duration.between(now, at)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration bounded(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}

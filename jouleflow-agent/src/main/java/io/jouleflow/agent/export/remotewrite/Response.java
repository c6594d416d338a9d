package io.jouleflow.agent.export.remotewrite;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A receiver's answer to one request.
 *
 * @param status the HTTP status
 * @param answer the start of the body, as text, for the log
 * @param retryAfter the wait its {@code Retry-After} header asks for, on 429 and 503
 */
record Response(int status, String answer, Optional<Duration> retryAfter) {

  /** Accepted. */
  boolean accepted() {
    return status / 100 == 2;
  }

  /** Thanos' answer to samples it holds already: nothing to send again. */
  boolean duplicate() {
    return status == 409;
  }

  /** Worth sending again: the receiver failed (5xx) or asks to slow down (429). */
  boolean retryable() {
    return status == 429 || status / 100 == 5;
  }

  /**
   * A refusal for order (Prometheus, Mimir): what a receiver answers to samples it stored already,
   * and so, to a retried request whose earlier attempt landed though its answer was lost.
   */
  boolean refusedForOrder() {
    String text = answer.toLowerCase(Locale.ROOT);
    return status == 400 && (text.contains("out of order") || text.contains("duplicate sample"));
  }

  /** A wrong URL or wrong credentials, rather than bad data. */
  boolean misconfigured() {
    return status == 401 || status == 403 || status == 404 || status / 100 == 3;
  }
}

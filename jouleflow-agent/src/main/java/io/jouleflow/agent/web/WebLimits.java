package io.jouleflow.agent.web;

import java.time.Duration;

/**
 * What one client may cost the server.
 *
 * @param maxRequestLineBytes longest request line (method, target, version); longer is answered 414
 * @param maxHeaderBytes largest header section; larger, or more than {@code maxHeaders} fields, is
 *     answered 431
 * @param maxHeaders most header fields
 * @param maxBodyBytes largest request body; larger is answered 413
 * @param maxConnections open connections; a new one beyond closes the connection that has waited
 *     longest for its next request, or is refused when every connection is being answered
 * @param requestTimeout how long a request (and a TLS handshake) may take to arrive, from its first
 *     byte; a connection that sends no request at all gets as long
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param responseTimeout how long the client may take to read a response
 * @param tick how often deadlines are checked
 * @param authWait how long a request may wait for its turn to have a password checked (bcrypt runs
 *     one at a time, so a flood of wrong passwords uses at most one core)
 */
public record WebLimits(
    int maxRequestLineBytes,
    int maxHeaderBytes,
    int maxHeaders,
    int maxBodyBytes,
    int maxConnections,
    Duration requestTimeout,
    Duration idleTimeout,
    Duration responseTimeout,
    Duration tick,
    Duration authWait) {

  /**
   * The agent's limits. Idle keep-alive lasts 15 minutes so that a scraper with a slow interval
   * comes back on the same connection (that return commits what it read, see the pull endpoint's
   * Consumer); a flood of idle connections cannot crowd it out for long because the cap closes the
   * longest-waiting connection first.
   */
  public static final WebLimits DEFAULT =
      new WebLimits(
          8192,
          16384,
          100,
          65536,
          64,
          Duration.ofSeconds(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(2),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5));

  /** Checks the values are positive. */
  public WebLimits {
    if (maxRequestLineBytes < 16
        || maxHeaderBytes < 64
        || maxHeaders < 1
        || maxBodyBytes < 0
        || maxConnections < 1) {
      throw new IllegalArgumentException("limits too small");
    }
  }
}

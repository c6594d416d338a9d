package io.jouleflow.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how the remote-write shipper sends.
 *
 * @param url the remote-write endpoint
 * @param interval how often the shipper sends
 * @param maxSamplesPerSend samples per request
 * @param maxRetryBatches failed requests kept for retry
 * @param timeout timeout of one request
 * @param username basic-auth user, with {@code passwordFile}
 * @param passwordFile file holding the basic-auth password
 * @param bearerTokenFile file holding a bearer token
 * @param headers extra request headers
 * @param externalLabels labels added to every series sent, unless it has one of the same name
 * @param caFile CA certificates to trust
 * @param certFile client certificate
 * @param keyFile client key
 * @param insecureSkipVerify skip verifying the server's certificate
 * @param shutdownTimeout how long the last push on SIGTERM may take
 * @param spool where requests wait on disk ({@code SPOOL_DIR}), if anywhere
 */
public record PushSettings(
    URI url,
    Duration interval,
    int maxSamplesPerSend,
    int maxRetryBatches,
    Duration timeout,
    Optional<String> username,
    Optional<Path> passwordFile,
    Optional<Path> bearerTokenFile,
    Map<String, String> headers,
    Map<String, String> externalLabels,
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    boolean insecureSkipVerify,
    Duration shutdownTimeout,
    SpoolSettings spool) {

  /**
   * Request headers that cannot be configured, in lower case: those jouleflow sets, and those
   * Java's HTTP client refuses to let a caller set.
   */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "connection",
          "content-encoding",
          "content-length",
          "content-type",
          "expect",
          "host",
          "transfer-encoding",
          "upgrade",
          "user-agent",
          "x-prometheus-remote-write-version");

  /** Freezes the headers and the external labels, sorted by name. */
  public PushSettings {
    headers = Map.copyOf(headers);
    externalLabels = Collections.unmodifiableSortedMap(new TreeMap<>(externalLabels));
  }

  /** The URL requests go to: {@link #url()} without its user information (sent as basic auth). */
  public URI endpoint() {
    String userInfo = url.getRawUserInfo();
    if (userInfo == null) {
      return url;
    }
    return URI.create(url.toString().replaceFirst("//" + Pattern.quote(userInfo) + "@", "//"));
  }

  /** {@link #url()} as it may be logged: user information and query values as {@code <secret>}. */
  public String loggableUrl() {
    return RedactedUrl.of(url.toString());
  }
}

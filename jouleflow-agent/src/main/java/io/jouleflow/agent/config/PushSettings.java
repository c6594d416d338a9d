package io.jouleflow.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    boolean insecureSkipVerify,
    Duration shutdownTimeout,
    SpoolSettings spool) {

  /** Freezes the headers. */
  public PushSettings {
    headers = Map.copyOf(headers);
  }
}

package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.config.SpoolSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Push settings for tests: fast intervals and timeouts, changed one at a time. */
final class TestPush {

  URI url;
  Duration interval = Duration.ofMillis(50);
  int maxSamplesPerSend = 2000;
  int maxRetryBatches = 100;
  Duration timeout = Duration.ofSeconds(5);
  Optional<String> username = Optional.empty();
  Optional<Path> passwordFile = Optional.empty();
  Optional<Path> bearerTokenFile = Optional.empty();
  Map<String, String> headers = Map.of();
  Map<String, String> externalLabels = Map.of();
  Optional<Path> caFile = Optional.empty();
  Optional<Path> certFile = Optional.empty();
  Optional<Path> keyFile = Optional.empty();
  boolean insecureSkipVerify;
  Duration shutdownTimeout = Duration.ofSeconds(3);
  SpoolSettings spool = SpoolSettings.NONE;

  TestPush(URI url) {
    this.url = url;
  }

  PushSettings build() {
    return new PushSettings(
        url,
        interval,
        maxSamplesPerSend,
        maxRetryBatches,
        timeout,
        username,
        passwordFile,
        bearerTokenFile,
        headers,
        externalLabels,
        caFile,
        certFile,
        keyFile,
        insecureSkipVerify,
        shutdownTimeout,
        spool);
  }
}

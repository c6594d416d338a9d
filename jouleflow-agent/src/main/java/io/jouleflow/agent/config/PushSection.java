package io.jouleflow.agent.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Assembles {@link PushSettings}: besides each value, the pairs that only make sense together (user
 * name and password, certificate and key) or not at all (basic auth and a bearer token), and the
 * extra headers, which may not replace the ones the remote-write protocol sets.
 */
final class PushSection {

  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-encoding",
          "content-type",
          "content-length",
          "x-prometheus-remote-write-version",
          "user-agent",
          "host",
          "authorization",
          "connection",
          "transfer-encoding");

  private final Values values;

  PushSection(Values values) {
    this.values = values;
  }

  PushSettings assemble() throws SettingsException {
    Optional<String> username = values.optional(Setting.REMOTE_WRITE_USERNAME);
    Optional<Path> password = values.readableFile(Setting.REMOTE_WRITE_PASSWORD_FILE);
    Optional<Path> token = values.readableFile(Setting.REMOTE_WRITE_BEARER_TOKEN_FILE);
    requireTogether(Setting.REMOTE_WRITE_USERNAME, Setting.REMOTE_WRITE_PASSWORD_FILE);
    if (username.isPresent() && token.isPresent()) {
      throw contradiction(Setting.REMOTE_WRITE_USERNAME, Setting.REMOTE_WRITE_BEARER_TOKEN_FILE);
    }
    requireTogether(Setting.REMOTE_WRITE_CERT_FILE, Setting.REMOTE_WRITE_KEY_FILE);
    return new PushSettings(
        values.url(Setting.REMOTE_WRITE_URL),
        values.seconds(Setting.PUSH_INTERVAL_S, "0.1", "3600"),
        values.integer(Setting.MAX_SAMPLES_PER_SEND, 1, 1_000_000),
        values.integer(Setting.MAX_RETRY_BATCHES, 1, 100_000),
        values.seconds(Setting.REMOTE_WRITE_TIMEOUT_S, "0.1", "300"),
        username,
        password,
        token,
        headers(),
        values.readableFile(Setting.REMOTE_WRITE_CA_FILE),
        values.readableFile(Setting.REMOTE_WRITE_CERT_FILE),
        values.readableFile(Setting.REMOTE_WRITE_KEY_FILE),
        values.bool(Setting.REMOTE_WRITE_INSECURE_SKIP_VERIFY),
        values.seconds(Setting.SHUTDOWN_PUSH_TIMEOUT_S, "0", "60"),
        new SpoolSettings(
            values.optional(Setting.SPOOL_DIR).map(Path::of),
            values.bytes(Setting.SPOOL_MAX_BYTES, 1L << 20, 1L << 40)));
  }

  /** {@code Name=value} pairs separated by commas, none of them a reserved header. */
  private Map<String, String> headers() throws SettingsException {
    Map<String, String> headers = new LinkedHashMap<>();
    String text = values.text(Setting.REMOTE_WRITE_HEADERS);
    if (text.isEmpty()) {
      return headers;
    }
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? "" : pair.substring(0, equals).strip();
      if (!HEADER.matcher(name).matches()
          || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw values.invalid(
            Setting.REMOTE_WRITE_HEADERS,
            "; these are set by jouleflow: " + String.join(", ", new TreeSet<>(RESERVED_HEADERS)));
      }
      headers.put(name, pair.substring(equals + 1).strip());
    }
    return headers;
  }

  private void requireTogether(Setting one, Setting other) throws SettingsException {
    boolean oneEmpty = values.text(one).isEmpty();
    if (oneEmpty != values.text(other).isEmpty()) {
      Setting set = oneEmpty ? other : one;
      Setting missing = oneEmpty ? one : other;
      throw new SettingsException(
          set.name()
              + " (from "
              + values.origin(set)
              + ") needs "
              + missing.name()
              + "; accepted: both or neither");
    }
  }

  private SettingsException contradiction(Setting one, Setting other) {
    return new SettingsException(
        one.name()
            + " (from "
            + values.origin(one)
            + ") and "
            + other.name()
            + " (from "
            + values.origin(other)
            + ") contradict each other; accepted: one of them");
  }
}

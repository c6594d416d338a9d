package io.jouleflow.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Assembles {@link PushSettings}: besides each value, the pairs that only make sense together (user
 * name and password, certificate and key) or not at all (basic auth and a bearer token, or either
 * and user information in the URL), the extra headers, which may not replace the ones the
 * remote-write protocol sets, and the external labels.
 */
final class PushSection {

  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  private final Values values;
  private final ExternalLabels externalLabels;

  PushSection(Values values) {
    this(values, new ExternalLabels(values, HostName::read));
  }

  PushSection(Values values, ExternalLabels externalLabels) {
    this.values = values;
    this.externalLabels = externalLabels;
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
    URI url = values.url(Setting.REMOTE_WRITE_URL);
    if (url.getRawUserInfo() != null) {
      refuseWithUserInfo(Setting.REMOTE_WRITE_USERNAME);
      refuseWithUserInfo(Setting.REMOTE_WRITE_BEARER_TOKEN_FILE);
    }
    return new PushSettings(
        url,
        values.seconds(Setting.PUSH_INTERVAL_S, "0.1", "3600"),
        values.integer(Setting.MAX_SAMPLES_PER_SEND, 1, 1_000_000),
        values.integer(Setting.MAX_RETRY_BATCHES, 1, 100_000),
        values.seconds(Setting.REMOTE_WRITE_TIMEOUT_S, "0.1", "300"),
        username,
        password,
        token,
        headers(),
        externalLabels.assemble(),
        values.readableFile(Setting.REMOTE_WRITE_CA_FILE),
        values.readableFile(Setting.REMOTE_WRITE_CERT_FILE),
        values.readableFile(Setting.REMOTE_WRITE_KEY_FILE),
        values.bool(Setting.REMOTE_WRITE_INSECURE_SKIP_VERIFY),
        values.seconds(Setting.SHUTDOWN_PUSH_TIMEOUT_S, "0", "60"),
        new SpoolSettings(
            values.optional(Setting.SPOOL_DIR).map(Path::of),
            values.bytes(Setting.SPOOL_MAX_BYTES, 1L << 20, 1L << 40)));
  }

  /**
   * {@code Name=value} pairs separated by commas: names RFC 7230 tokens, none reserved or repeated,
   * values what an HTTP header may hold. An error names the header, never shows a value (it may be
   * a secret).
   */
  private Map<String, String> headers() throws SettingsException {
    Map<String, String> headers = new LinkedHashMap<>();
    String text = values.text(Setting.REMOTE_WRITE_HEADERS);
    if (text.isEmpty()) {
      return headers;
    }
    Set<String> seen = new HashSet<>();
    for (String pair : text.split(",", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
      String value = equals < 0 ? "" : pair.substring(equals + 1).strip();
      if (equals < 0 || !HEADER.matcher(name).matches()) {
        throw badHeader(name, "is not Name=value with a token for a name");
      }
      if (PushSettings.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw badHeader(
            name,
            "is set by jouleflow or Java's HTTP client; reserved: "
                + String.join(", ", new TreeSet<>(PushSettings.RESERVED_HEADERS)));
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw badHeader(name, "is given twice");
      }
      if (!value.chars().allMatch(PushSection::headerValueChar)) {
        throw badHeader(name, "has a value with a control or non-Latin-1 character");
      }
      headers.put(name, value);
    }
    return headers;
  }

  /** What {@code java.net.http} sends: tab, space, visible ASCII and Latin-1 (obs-text). */
  private static boolean headerValueChar(int c) {
    return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
  }

  private SettingsException badHeader(String name, String why) {
    return new SettingsException(
        Setting.REMOTE_WRITE_HEADERS.name()
            + " (from "
            + values.origin(Setting.REMOTE_WRITE_HEADERS)
            + "): header '"
            + SettingsException.printable(name)
            + "' "
            + why
            + "; accepted: "
            + Setting.REMOTE_WRITE_HEADERS.accepted());
  }

  /** User information in the URL is basic auth: no other credentials may be set with it. */
  private void refuseWithUserInfo(Setting other) throws SettingsException {
    if (!values.text(other).isEmpty()) {
      throw new SettingsException(
          "REMOTE_WRITE_URL (from "
              + values.origin(Setting.REMOTE_WRITE_URL)
              + ") holds user:password@ (basic auth) and "
              + other.name()
              + " (from "
              + values.origin(other)
              + ") is set too; accepted: one of them");
    }
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

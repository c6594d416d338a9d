package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Authorization} header of each request: basic auth from the URL's user information
 * (percent-decoded) or with the password read once at start, or a bearer token read at start and
 * again whenever its file changes (so a rotated token is picked up). Also the one place that knows
 * the secrets, to {@link #redact} them from anything logged: a receiver may echo a header back in
 * its answer.
 */
final class Credentials {

  private static final Logger log = LoggerFactory.getLogger(Credentials.class);
  private static final String REDACTED = "<secret>";

  private final @Nullable String basic;
  private final @Nullable Path tokenFile;
  private final Set<String> secrets = new CopyOnWriteArraySet<>();
  private final LogLimiter warnings;
  private @Nullable String token;
  private @Nullable Object tokenStamp;

  private Credentials(@Nullable String basic, @Nullable Path tokenFile, Clock clock) {
    this.basic = basic;
    this.tokenFile = tokenFile;
    this.warnings = LogLimiter.oncePerMinute(clock);
  }

  /**
   * Reads the password or token file the settings name.
   *
   * @throws IOException naming the setting and the file, never its content, when it cannot be read
   *     or is empty
   */
  static Credentials from(PushSettings push, Clock clock) throws IOException {
    String userInfo = push.url().getRawUserInfo();
    Credentials credentials;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
      credentials = basic(user, password, clock);
    } else if (push.username().isPresent() && push.passwordFile().isPresent()) {
      String password = readSecret(push.passwordFile().get(), "REMOTE_WRITE_PASSWORD_FILE");
      credentials = basic(push.username().get(), password, clock);
    } else {
      credentials = new Credentials(null, push.bearerTokenFile().orElse(null), clock);
      credentials.refreshToken(true);
    }
    credentials.addUrlSecrets(push.url());
    return credentials;
  }

  /** The header value to send, if any; re-reads a changed token file. */
  Optional<String> authorization() {
    if (basic != null) {
      return Optional.of(basic);
    }
    refreshQuietly();
    String current = token;
    return current == null ? Optional.empty() : Optional.of("Bearer " + current);
  }

  /** {@code text} with every secret replaced by {@value #REDACTED}. */
  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    return result;
  }

  private static Credentials basic(String user, String password, Clock clock) {
    String pair = user + ":" + password;
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    Credentials credentials = new Credentials(basic, null, clock);
    if (!password.isEmpty()) {
      credentials.secrets.add(password);
    }
    credentials.secrets.add(basic.substring(6));
    return credentials;
  }

  /** The URL's user information and query values, raw and decoded, to redact from messages. */
  private void addUrlSecrets(URI url) {
    addSecret(url.getRawUserInfo());
    addSecret(url.getUserInfo());
    String query = url.getRawQuery();
    if (query != null) {
      for (String parameter : query.split("&")) {
        String value = parameter.substring(parameter.indexOf('=') + 1);
        addSecret(value);
        addSecret(decode(value));
      }
    }
  }

  private void addSecret(@Nullable String secret) {
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  /** Percent-decodes URL text as UTF-8 ({@code +} stays a plus, as in user information). */
  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private void refreshQuietly() {
    try {
      refreshToken(false);
    } catch (IOException e) {
      long heldBack = warnings.allow("token");
      if (heldBack != LogLimiter.HELD_BACK) {
        log.warn(
            "{}; keeping the token read before{}",
            e.getMessage(),
            LogLimiter.heldBackNote(heldBack));
      }
    }
  }

  private void refreshToken(boolean atStart) throws IOException {
    Path file = tokenFile;
    if (file == null) {
      return;
    }
    Object stamp = stamp(file, atStart);
    if (stamp.equals(tokenStamp)) {
      return;
    }
    String read = readSecret(file, "REMOTE_WRITE_BEARER_TOKEN_FILE");
    secrets.add(read);
    token = read;
    tokenStamp = stamp;
    if (!atStart) {
      log.info("remote write: read the changed bearer token file {}", file);
    }
  }

  private static Object stamp(Path file, boolean atStart) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
    } catch (IOException e) {
      throw unreadable("REMOTE_WRITE_BEARER_TOKEN_FILE", file, e, atStart);
    }
  }

  private static String readSecret(Path file, String setting) throws IOException {
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw unreadable(setting, file, e, true);
    }
    if (secret.isEmpty()) {
      throw new IOException(setting + " " + file + " is empty");
    }
    return secret;
  }

  private static IOException unreadable(String setting, Path file, IOException e, boolean start) {
    return new IOException(
        setting
            + " "
            + file
            + " cannot be read ("
            + e.getClass().getSimpleName()
            + ")"
            + (start ? "" : " now"));
  }
}

package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.net.URI;
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
 * The {@code Authorization} header of each request: basic auth with the password read once at
 * start, or a bearer token read at start and again whenever its file changes (so a rotated token is
 * picked up). Also the one place that knows the secrets, to {@link #redact} them from anything
 * logged: a receiver may echo a header back in its answer.
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
    String basic = null;
    if (push.username().isPresent() && push.passwordFile().isPresent()) {
      String password = readSecret(push.passwordFile().get(), "REMOTE_WRITE_PASSWORD_FILE");
      String pair = push.username().get() + ":" + password;
      basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      Credentials credentials = new Credentials(basic, null, clock);
      credentials.secrets.addAll(Set.of(password, basic.substring(6)));
      credentials.addUserInfo(push.url());
      return credentials;
    }
    Credentials credentials = new Credentials(null, push.bearerTokenFile().orElse(null), clock);
    credentials.addUserInfo(push.url());
    credentials.refreshToken(true);
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

  /** {@code url} as it may be logged: without user information. */
  static String loggable(URI url) {
    if (url.getRawUserInfo() == null) {
      return url.toString();
    }
    return url.toString().replace(url.getRawUserInfo() + "@", REDACTED + "@");
  }

  private void addUserInfo(URI url) {
    String userInfo = url.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      secrets.add(userInfo);
    }
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

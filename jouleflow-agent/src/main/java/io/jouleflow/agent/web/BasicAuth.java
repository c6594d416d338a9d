package io.jouleflow.agent.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code Authorization: Basic} against the bcrypt hashes of {@code basic_auth_users}.
 *
 * <p>bcrypt is slow by design, so a scraper must not pay for it at every scrape: a password that
 * matched is remembered as a keyed digest (HMAC-SHA-256 under a key drawn at start, never the
 * password) together with the hash it matched, and compared in constant time; a changed hash in the
 * config forgets it. A flood of wrong passwords must not burn the CPU: bcrypt runs one check at a
 * time, in arrival order, and a request that waits too long for its turn is answered 429; a wrong
 * password already seen is answered without bcrypt. Unknown users cost a bcrypt like known ones, so
 * the answer's timing does not tell them apart.
 */
final class BasicAuth {

  /** What a request's credentials amount to. */
  enum Outcome {
    ALLOWED,
    DENIED,
    BUSY
  }

  private static final int DEFAULT_COST = 10;
  private static final int REMEMBERED_FAILURES = 1024;

  private final Semaphore bcryptTurn = new Semaphore(1, true);
  private final Duration wait;
  private final byte[] key = new byte[32];
  private final Map<String, Remembered> allowed = new ConcurrentHashMap<>();
  private final Map<String, Boolean> denied = new FailureMemory();
  private final AtomicLong bcryptChecks = new AtomicLong();
  private final Map<Integer, String> dummies = new ConcurrentHashMap<>();

  BasicAuth(Duration wait) {
    this.wait = wait;
    new SecureRandom().nextBytes(key);
  }

  /** Whether the {@code Authorization} header names one of {@code users} with its password. */
  Outcome check(Map<String, String> users, @Nullable String authorization) {
    Optional<String[]> credentials = credentials(authorization);
    if (credentials.isEmpty()) {
      return Outcome.DENIED;
    }
    String user = credentials.get()[0];
    String password = credentials.get()[1];
    String hash = users.get(user);
    String digest = digest(user + '\u0000' + password + '\u0000' + hash);
    Remembered remembered = allowed.get(user);
    if (hash != null && remembered != null && remembered.matches(hash, digest)) {
      return Outcome.ALLOWED;
    }
    synchronized (denied) {
      if (denied.containsKey(digest)) {
        return Outcome.DENIED;
      }
    }
    return verify(user, password, hash, digest, users.values().iterator().next());
  }

  private Outcome verify(
      String user, String password, @Nullable String hash, String digest, String anyHash) {
    try {
      if (!bcryptTurn.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return Outcome.BUSY;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.BUSY;
    }
    boolean ok;
    try {
      bcryptChecks.incrementAndGet();
      ok = bcrypt(password, hash == null ? dummyHash(anyHash) : hash);
    } finally {
      bcryptTurn.release();
    }
    if (ok && hash != null) {
      allowed.put(user, new Remembered(hash, digest));
      return Outcome.ALLOWED;
    }
    synchronized (denied) {
      denied.put(digest, Boolean.TRUE);
    }
    return Outcome.DENIED;
  }

  /**
   * A hash to check an unknown user's password against, of the same cost as a configured user's
   * ({@code $2y$05$...} costs 5), so that the answer takes as long as for a known user.
   */
  String dummyHash(String configured) {
    int cost;
    try {
      cost = Integer.parseInt(configured.substring(4, 6));
    } catch (RuntimeException e) {
      cost = DEFAULT_COST;
    }
    int bounded = Math.clamp(cost, 4, 31);
    return dummies.computeIfAbsent(
        bounded,
        c ->
            new String(
                BCrypt.withDefaults()
                    .hash(c, new byte[16], "jouleflow".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII));
  }

  /** How many passwords were checked with bcrypt (the others were remembered). */
  long bcryptChecks() {
    return bcryptChecks.get();
  }

  private static boolean bcrypt(String password, String hash) {
    try {
      return BCrypt.verifyer()
          .verify(
              password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.US_ASCII))
          .verified;
    } catch (IllegalArgumentException e) {
      return false; // e.g. a password longer than bcrypt's 72 bytes
    }
  }

  /** The user name of a basic {@code Authorization} header. */
  static Optional<String> user(@Nullable String authorization) {
    return credentials(authorization).map(pair -> pair[0]);
  }

  private static Optional<String[]> credentials(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  private String digest(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** A password that matched {@code hash}, as its keyed digest. */
  private record Remembered(String hash, String digest) {
    boolean matches(String currentHash, String candidate) {
      return hash.equals(currentHash)
          && MessageDigest.isEqual(
              digest.getBytes(StandardCharsets.US_ASCII),
              candidate.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** The most recent wrong credentials, as keyed digests; the oldest is forgotten first. */
  private static final class FailureMemory extends LinkedHashMap<String, Boolean> {
    private static final long serialVersionUID = 1L;

    FailureMemory() {
      super(64, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_FAILURES;
    }
  }
}

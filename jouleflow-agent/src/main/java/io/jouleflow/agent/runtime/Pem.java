package io.jouleflow.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: X.509 certificates and unencrypted PKCS#8 private keys, for the remote-write
 * client and the web server alike. A problem is an {@link IOException} whose message says what is
 * wrong with the file (never the key's content), for the caller to prefix with its setting.
 */
public final class Pem {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private Pem() {}

  /**
   * The certificates of a PEM file, at least one.
   *
   * @throws IOException saying what is wrong, e.g. "is not a PEM certificate file"
   */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    List<X509Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (CertificateException e) {
      throw new IOException("is not a PEM certificate file");
    } catch (IOException e) {
      throw new IOException("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (certificates.isEmpty()) {
      throw new IOException("holds no PEM certificate");
    }
    return certificates;
  }

  /**
   * The unencrypted PKCS#8 private key of a PEM file.
   *
   * @throws IOException saying what is wrong, e.g. "holds no unencrypted PKCS#8 key"
   */
  public static PrivateKey privateKey(Path file) throws IOException {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IOException("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    Matcher matcher = PKCS8.matcher(pem);
    if (!matcher.find()) {
      throw new IOException(
          "holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert one with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1));
    } catch (IllegalArgumentException e) {
      throw new IOException("holds a key that is not valid base64");
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IOException("holds no PKCS#8 key of " + String.join(", ", KEY_ALGORITHMS));
  }

  /** An empty in-memory PKCS#12 key store. */
  public static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}

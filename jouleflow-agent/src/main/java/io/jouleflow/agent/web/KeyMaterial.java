package io.jouleflow.agent.web;

import io.jouleflow.agent.runtime.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's key and certificates and the client CA, read from the PEM files of a {@code
 * tls_server_config}. Problems name the key of the web config and the file.
 */
final class KeyMaterial {

  static final String ALIAS = "server";
  private static final char[] PASSWORD = "jouleflow".toCharArray();
  private static final byte[] PROBE = "jouleflow key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMaterial() {}

  /** A key manager presenting the certificate chain of {@code cert} with the key of {@code key}. */
  static X509ExtendedKeyManager keys(Path cert, Path key) throws IOException {
    List<X509Certificate> chain = certificates(cert, "cert_file");
    PrivateKey privateKey;
    try {
      privateKey = Pem.privateKey(key);
    } catch (IOException e) {
      throw problem("key_file", key, String.valueOf(e.getMessage()));
    }
    if (!fits(privateKey, chain.get(0).getPublicKey())) {
      throw problem("key_file", key, "does not fit the certificate of cert_file " + cert);
    }
    try {
      KeyStore store = Pem.emptyStore();
      store.setKeyEntry(ALIAS, privateKey, PASSWORD, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(store, PASSWORD);
      return only(factory.getKeyManagers(), X509ExtendedKeyManager.class);
    } catch (GeneralSecurityException e) {
      throw problem("key_file", key, "cannot be used (" + e.getMessage() + ")");
    }
  }

  /** A trust manager that verifies client certificates against the CA certificates of a file. */
  static X509ExtendedTrustManager trust(Path caFile) throws IOException {
    List<X509Certificate> authorities = certificates(caFile, "client_ca_file");
    try {
      KeyStore store = Pem.emptyStore();
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      return only(factory.getTrustManagers(), X509ExtendedTrustManager.class);
    } catch (GeneralSecurityException e) {
      throw problem("client_ca_file", caFile, "cannot be used (" + e.getMessage() + ")");
    }
  }

  /** Reads every file of {@code tls}, as the server would, to fail at start-up. */
  static void check(TlsServerConfig tls) throws IOException {
    keys(tls.certFile(), tls.keyFile());
    Optional<Path> ca = tls.clientCaFile();
    if (ca.isPresent()) {
      trust(ca.get());
    }
  }

  private static List<X509Certificate> certificates(Path file, String key) throws IOException {
    try {
      return Pem.certificates(file);
    } catch (IOException e) {
      throw problem(key, file, String.valueOf(e.getMessage()));
    }
  }

  /** Whether the private key signs what the public key verifies. */
  private static boolean fits(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> "";
        };
    if (algorithm.isEmpty()) {
      return true;
    }
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static <T> T only(Object[] managers, Class<T> type) throws GeneralSecurityException {
    for (Object manager : managers) {
      if (type.isInstance(manager)) {
        return type.cast(manager);
      }
    }
    throw new GeneralSecurityException("no " + type.getSimpleName());
  }

  static IOException problem(String key, Path file, String what) {
    return new IOException("tls_server_config." + key + " " + file + " " + what);
  }
}

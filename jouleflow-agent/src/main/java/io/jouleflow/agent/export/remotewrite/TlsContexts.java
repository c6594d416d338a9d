package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.runtime.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS context of the remote-write client, from the settings: trust only the CA certificates of
 * {@code REMOTE_WRITE_CA_FILE} (PEM, one or more) instead of the JDK's, present the client
 * certificate of {@code REMOTE_WRITE_CERT_FILE} with the PKCS#8 key of {@code
 * REMOTE_WRITE_KEY_FILE}, or, with {@code REMOTE_WRITE_INSECURE_SKIP_VERIFY}, trust any certificate
 * for any host. Errors name the setting and the file, never the key's content.
 */
final class TlsContexts {

  private TlsContexts() {}

  /**
   * A context for the settings, or empty when the JDK's default context will do. A plain http URL
   * without TLS settings gets {@link NoTlsContext}: it is never used, and it spares the JDK's HTTP
   * client loading the default one (the JDK's CA certificates, a few MB) and starting its TLS
   * implementation at all.
   */
  static Optional<SSLContext> create(PushSettings push) throws IOException {
    if (!push.insecureSkipVerify() && push.caFile().isEmpty() && push.certFile().isEmpty()) {
      return "http".equalsIgnoreCase(push.url().getScheme())
          ? Optional.of(NoTlsContext.INSTANCE)
          : Optional.empty();
    }
    TrustManager[] trust = null;
    if (push.insecureSkipVerify()) {
      trust = new TrustManager[] {new TrustAnything()};
    } else if (push.caFile().isPresent()) {
      trust = trustManagers(push.caFile().get());
    }
    KeyManager[] keys = null;
    if (push.certFile().isPresent() && push.keyFile().isPresent()) {
      keys = keyManagers(push.certFile().get(), push.keyFile().get());
    }
    return Optional.of(context(keys, trust));
  }

  private static SSLContext context(KeyManager @Nullable [] keys, TrustManager @Nullable [] trust)
      throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS for remote write cannot be set up (" + e.getMessage() + ")", e);
    }
  }

  private static TrustManager[] trustManagers(Path caFile) throws IOException {
    List<X509Certificate> certificates = certificates(caFile, "REMOTE_WRITE_CA_FILE");
    try {
      KeyStore store = emptyStore();
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw fileError("REMOTE_WRITE_CA_FILE", caFile, "cannot be used: " + e.getMessage());
    }
  }

  private static KeyManager[] keyManagers(Path certFile, Path keyFile) throws IOException {
    PrivateKey key = privateKey(keyFile);
    List<X509Certificate> chain = certificates(certFile, "REMOTE_WRITE_CERT_FILE");
    char[] password = "jouleflow".toCharArray();
    try {
      KeyStore store = emptyStore();
      store.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw fileError(
          "REMOTE_WRITE_KEY_FILE", keyFile, "does not fit REMOTE_WRITE_CERT_FILE " + certFile);
    }
  }

  private static List<X509Certificate> certificates(Path file, String setting) throws IOException {
    try {
      return Pem.certificates(file);
    } catch (IOException e) {
      throw fileError(setting, file, String.valueOf(e.getMessage()));
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    try {
      return Pem.privateKey(file);
    } catch (IOException e) {
      throw fileError("REMOTE_WRITE_KEY_FILE", file, String.valueOf(e.getMessage()));
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    return Pem.emptyStore();
  }

  private static IOException fileError(String setting, Path file, String problem) {
    return new IOException(setting + " " + file + " " + problem);
  }

  /** Trusts any certificate for any host: no chain check, no host name check. */
  private static final class TrustAnything extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket) {}

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket) {}

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine engine) {}

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

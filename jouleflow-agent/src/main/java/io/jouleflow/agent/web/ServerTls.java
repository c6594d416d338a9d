package io.jouleflow.agent.web;

import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * TLS for the server, from the web config's {@code tls_server_config}: the certificate, key and
 * client CA files are checked for changes at every handshake and read again when they changed, so
 * certificates rotate without a restart; each accepted socket gets the protocols and client-auth
 * mode of the config as it is then.
 */
final class ServerTls {

  private final WebConfigSource source;
  private final Reloadable<X509ExtendedKeyManager> keys;
  private final Reloadable<X509ExtendedTrustManager> trust;
  private final SSLContext context;
  private final CurrentKeys currentKeys = new CurrentKeys();

  ServerTls(WebConfigSource source, WebStats stats, Clock clock) throws IOException {
    this.source = source;
    TlsServerConfig tls = config();
    this.keys =
        new Reloadable<>(
            "the TLS certificate",
            keyFiles(tls),
            f -> KeyMaterial.keys(f.get(0), f.get(1)),
            stats,
            clock);
    this.trust = new Reloadable<>("the client CA", caFiles(tls), ServerTls::trustFor, stats, clock);
    try {
      context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {currentKeys},
          new TrustManager[] {new CurrentTrust()},
          new SecureRandom());
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS cannot be set up (" + e.getMessage() + ")", e);
    }
  }

  /** A TLS server socket bound to {@code address}. */
  SSLServerSocket bind(InetSocketAddress address, int backlog) throws IOException {
    return (SSLServerSocket)
        context
            .getServerSocketFactory()
            .createServerSocket(address.getPort(), backlog, address.getAddress());
  }

  /** Gives an accepted socket the protocols and client-auth mode of the config now. */
  void configure(SSLSocket socket) {
    TlsServerConfig tls = config();
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(tls.protocols().toArray(new String[0]));
    if (tls.clientAuth().requires) {
      parameters.setNeedClientAuth(true);
    } else {
      parameters.setWantClientAuth(tls.clientAuth().asks);
    }
    socket.setSSLParameters(parameters);
  }

  private TlsServerConfig config() {
    return source.current().tls().orElseThrow();
  }

  private static List<Path> keyFiles(TlsServerConfig tls) {
    return List.of(tls.certFile(), tls.keyFile());
  }

  private static List<Path> caFiles(TlsServerConfig tls) {
    return tls.clientCaFile().map(List::of).orElse(List.of());
  }

  private static X509ExtendedTrustManager trustFor(List<Path> files) throws IOException {
    return files.isEmpty() ? new TrustAny() : KeyMaterial.trust(files.get(0));
  }

  /** The key manager the server's TLS uses, for tests. */
  X509ExtendedKeyManager keyManager() {
    return currentKeys;
  }

  /**
   * The key manager of the certificate files now; read again when they changed. A handshake asks
   * for an alias first and for the chain and key of that alias after: the alias names the
   * generation of the files it came from, so that a reload in between (another connection's
   * handshake) cannot pair one certificate with another's key.
   */
  private final class CurrentKeys extends X509ExtendedKeyManager {

    private final Object lock = new Object();
    private @Nullable X509ExtendedKeyManager latest;
    private @Nullable X509ExtendedKeyManager earlier;
    private long generation;

    private X509ExtendedKeyManager now() {
      return keys.get(keyFiles(config()));
    }

    private @Nullable String tagged(X509ExtendedKeyManager manager, @Nullable String alias) {
      return alias == null ? null : tag(manager, alias);
    }

    private String tag(X509ExtendedKeyManager manager, String alias) {
      synchronized (lock) {
        if (manager != latest) {
          earlier = latest;
          latest = manager;
          generation++;
        }
        return generation + "/" + alias;
      }
    }

    /** The manager an alias came from, if it is one of the last two generations. */
    private @Nullable X509ExtendedKeyManager of(String alias) {
      int slash = alias.indexOf('/');
      long of;
      try {
        of = Long.parseLong(alias.substring(0, Math.max(slash, 0)));
      } catch (NumberFormatException e) {
        return null;
      }
      synchronized (lock) {
        return of == generation ? latest : of == generation - 1 ? earlier : null;
      }
    }

    private static String untagged(String alias) {
      return alias.substring(alias.indexOf('/') + 1);
    }

    @Override
    public @Nullable String chooseEngineServerAlias(
        String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
      X509ExtendedKeyManager manager = now();
      return tagged(manager, manager.chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public @Nullable String chooseServerAlias(
        String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
      X509ExtendedKeyManager manager = now();
      return tagged(manager, manager.chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      X509ExtendedKeyManager manager = of(alias);
      return manager == null ? null : manager.getCertificateChain(untagged(alias));
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      X509ExtendedKeyManager manager = of(alias);
      return manager == null ? null : manager.getPrivateKey(untagged(alias));
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
      X509ExtendedKeyManager manager = now();
      String[] aliases = manager.getServerAliases(keyType, issuers);
      if (aliases == null) {
        return null;
      }
      String[] result = new String[aliases.length];
      for (int i = 0; i < aliases.length; i++) {
        result[i] = tag(manager, aliases[i]);
      }
      return result;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseClientAlias(
        String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
      return null;
    }
  }

  /**
   * Client certificates as the config says now: verified against the client CA, or (for {@code
   * RequestClientCert} and {@code RequireAnyClientCert}) taken as they come.
   */
  private final class CurrentTrust extends ClientTrust {

    private X509ExtendedTrustManager now() {
      TlsServerConfig tls = config();
      return tls.clientAuth().verifies ? trust.get(caFiles(tls)) : new TrustAny();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket s)
        throws CertificateException {
      now().checkClientTrusted(chain, authType, s);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine e)
        throws CertificateException {
      now().checkClientTrusted(chain, authType, e);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      now().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return now().getAcceptedIssuers();
    }
  }

  /** Takes any client certificate: {@code RequestClientCert}, {@code RequireAnyClientCert}. */
  private static final class TrustAny extends ClientTrust {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket s) {}

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** A trust manager on the server's side: it judges clients, never a server. */
  private abstract static class ClientTrust extends X509ExtendedTrustManager {

    @Override
    public final void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket s) throws CertificateException {
      throw new CertificateException("the server checks no server");
    }

    @Override
    public final void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine e)
        throws CertificateException {
      throw new CertificateException("the server checks no server");
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the server checks no server");
    }
  }
}

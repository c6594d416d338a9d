package io.jouleflow.agent.export.remotewrite;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS context of a client that only speaks plain http: the JDK's HTTP client needs one, and
 * without it loads the default context. A real context, even one trusting nothing, starts the JDK's
 * TLS implementation and its security providers (about 340 classes, 2 MiB of peak RSS;
 * bench/README.md); this one starts nothing and fails if TLS is ever asked of it.
 */
final class NoTlsContext extends SSLContext {

  /** The one context; stateless. */
  static final NoTlsContext INSTANCE = new NoTlsContext();

  private NoTlsContext() {
    super(new Spi(), null, "none");
  }

  private static final class Spi extends SSLContextSpi {

    private static IllegalStateException noTls() {
      return new IllegalStateException("remote write: TLS asked of a plain http client");
    }

    @Override
    protected void engineInit(
        KeyManager @Nullable [] km, TrustManager @Nullable [] tm, @Nullable SecureRandom sr) {
      throw noTls();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw noTls();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw noTls();
    }
  }
}

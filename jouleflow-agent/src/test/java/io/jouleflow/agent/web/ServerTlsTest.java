package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.TestCertificates;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as the web config asks: each client_auth_type with no, a trusted and an untrusted client
 * certificate; the minimum version; certificates replaced on disk seen by the next connection.
 */
class ServerTlsTest {

  @TempDir static Path dir;
  private static TestCertificates certificates;

  private final WebStats stats = new WebStats();

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = TestCertificates.make(dir.resolve("pki"));
  }

  @Test
  void eachClientAuthTypeAsksForVerifiesAndRequiresAsTheToolkitDoes() throws Exception {
    // client_auth_type -> outcome without a certificate, with the CA's, with a stranger's
    List<List<String>> table =
        List.of(
            List.of("NoClientCert", "ok", "ok", "ok"),
            List.of("RequestClientCert", "ok", "ok", "ok"),
            List.of("RequireAnyClientCert", "refused", "ok", "ok"),
            List.of("VerifyClientCertIfGiven", "ok", "ok", "refused"),
            List.of("RequireAndVerifyClientCert", "refused", "ok", "refused"));
    for (List<String> row : table) {
      try (WebServer server = start("client_auth_type: " + row.get(0))) {
        assertThat(
                List.of(
                    scrape(server, Optional.empty()),
                    scrape(server, Optional.of("client")),
                    scrape(server, Optional.of("stranger"))))
            .as(row.get(0))
            .isEqualTo(row.subList(1, 4));
      }
    }
  }

  @Test
  void refusesTls12WhenTheMinimumIsTls13AndCountsTheFailure() throws Exception {
    try (WebServer server = start("min_version: TLS13")) {
      assertThat(scrape(server, Optional.empty(), "TLSv1.2")).isEqualTo("refused");
      assertThat(scrape(server, Optional.empty(), "TLSv1.3")).isEqualTo("ok");
      await().until(() -> handshakeFailures() == 1);
    }
  }

  @Test
  void aReplacedCertificateIsServedToTheNextConnectionWithoutRestart() throws Exception {
    try (WebServer server = start("")) {
      assertThat(commonName(server)).isEqualTo("CN=jouleflow-server-1");
      certificates.issue("server-2", "jouleflow-server-2");
      replace(certificates.key("server-2"), certificates.key("server"));
      replace(certificates.cert("server-2"), certificates.cert("server"));

      assertThat(commonName(server)).isEqualTo("CN=jouleflow-server-2");
      assertThat(stats.metrics().toString()).contains("outcome, success], value=1.0");
    }
  }

  private double handshakeFailures() {
    return stats.metrics().stream()
        .filter(metric -> metric.name().equals("jouleflow_tls_handshake_failures"))
        .findFirst()
        .orElseThrow()
        .points()
        .get(0)
        .value();
  }

  @Test
  void aTlsHandshakeThatNeverFinishesIsClosedAtTheRequestDeadline() throws Exception {
    try (WebServer server = start("", TestServers.FAST);
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // a ClientHello's first bytes
      socket.getOutputStream().flush();
      await().until(() -> stats.closedCount(WebStats.Closed.REQUEST_TIMEOUT) == 1);
      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().readAllBytes())
          .as("at most an alert, then the end")
          .hasSizeLessThan(64);
      assertThat(stats.open.get()).isZero();
    }
  }

  @Test
  void tlsClientsThatDoNotReadTheirResponsesAreClosedOneAfterAnother() throws Exception {
    WebLimits impatient =
        TestServers.withTimeouts(TestServers.FAST, Duration.ofSeconds(30), Duration.ofMillis(300));
    try (WebServer server = start("", impatient)) {
      for (int i = 1; i <= 2; i++) {
        try (SSLSocket socket = connect(server, Optional.empty(), "TLSv1.3")) {
          socket
              .getOutputStream()
              .write("GET /big HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          int closed = i;
          await()
              .until(
                  () ->
                      stats.closedCount(WebStats.Closed.RESPONSE_TIMEOUT) == closed
                          && stats.open.get() == 0);
        }
      }
    }
  }

  private static void replace(Path from, Path to) throws IOException {
    Path temporary = to.resolveSibling(to.getFileName() + ".new");
    Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(temporary, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A server whose request deadline leaves a cold, busy JVM time for a handshake (and a reload of
   * the certificate), so that no test depends on how fast that is.
   */
  private WebServer start(String extra) throws Exception {
    return start(
        extra,
        TestServers.withTimeouts(
            TestServers.FAST, Duration.ofSeconds(30), TestServers.FAST.responseTimeout()));
  }

  private WebServer start(String extra, WebLimits limits) throws Exception {
    Path file = dir.resolve("web-" + System.nanoTime() + ".yml");
    String auth =
        extra.contains("client_auth_type") ? extra : extra + "\n  client_auth_type: NoClientCert";
    // As exporter-toolkit, a client CA goes with a client_auth_type that asks for certificates.
    String ca = auth.contains("NoClientCert") ? "" : "client_ca_file: " + certificates.ca();
    Files.writeString(
        file,
        """
        tls_server_config:
          cert_file: %s
          key_file: %s
          %s
          %s
        """
            .formatted(certificates.cert("server"), certificates.key("server"), ca, auth));
    return TestServers.start(limits, WebConfigSource.open(file, stats, Clock.SYSTEM), stats);
  }

  private static String scrape(WebServer server, Optional<String> clientCert) throws Exception {
    return scrape(server, clientCert, "TLSv1.3");
  }

  /** "ok" when a GET over TLS is answered 200, "refused" when the handshake or request fails. */
  private static String scrape(WebServer server, Optional<String> clientCert, String protocol)
      throws Exception {
    try (SSLSocket socket = connect(server, clientCert, protocol)) {
      socket
          .getOutputStream()
          .write("GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String status = TestServers.firstLine(socket.getInputStream());
      return status.equals("HTTP/1.1 200 OK") ? "ok" : status;
    } catch (IOException e) {
      return "refused";
    }
  }

  private static String commonName(WebServer server) throws Exception {
    try (SSLSocket socket = connect(server, Optional.empty(), "TLSv1.3")) {
      socket.startHandshake();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
    }
  }

  private static SSLSocket connect(WebServer server, Optional<String> clientCert, String protocol)
      throws Exception {
    KeyStore trusted = Pem.emptyStore();
    trusted.setCertificateEntry("ca", Pem.certificates(certificates.ca()).get(0));
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(trusted);
    KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
    KeyStore own = Pem.emptyStore();
    if (clientCert.isPresent()) {
      own.setKeyEntry(
          "client",
          Pem.privateKey(certificates.key(clientCert.get())),
          new char[0],
          Pem.certificates(certificates.cert(clientCert.get())).toArray(new Certificate[0]));
    }
    keys.init(own, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    X509ExtendedKeyManager chosen = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
    context.init(
        new KeyManager[] {new AlwaysPresent(chosen, clientCert.isPresent())},
        trust.getTrustManagers(),
        null);
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
    socket.setEnabledProtocols(new String[] {protocol});
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Presents the client certificate even when the server names other CAs, as Go clients do. */
  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;
    private final boolean present;

    AlwaysPresent(X509ExtendedKeyManager keys, boolean present) {
      this.keys = keys;
      this.present = present;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
      return keys.getClientAliases(keyType, null);
    }

    @Override
    public @Nullable String chooseClientAlias(
        String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
      return present ? "client" : null;
    }

    @Override
    public @Nullable String chooseEngineClientAlias(
        String[] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
      return present ? "client" : null;
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(
        String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
      return null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }
}

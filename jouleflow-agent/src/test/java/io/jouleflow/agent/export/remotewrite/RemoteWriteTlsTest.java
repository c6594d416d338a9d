package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.T0;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.fastBackoff;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.export.remotewrite.ShipperStats.StatusClass;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against an HTTPS receiver with a self-signed certificate for 127.0.0.1 that requires a client
 * certificate; keys and certificates are made by the JDK's keytool.
 */
class RemoteWriteTlsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  private static HttpsServer server;
  private static final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private static final AtomicInteger accepted = new AtomicInteger();
  private static Path caPem;
  private static Path clientCertPem;
  private static Path clientKeyPem;

  private final SampleRing rows = new SampleRing(16, 3);

  @BeforeAll
  static void startServer() throws Exception {
    KeyStore serverKeys = keyPair("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
    KeyStore clientKeys =
        keyPair("client", "CN=jouleflow-test-client", "KeyUsage=digitalSignature");
    caPem = writePem("ca.pem", "CERTIFICATE", serverKeys.getCertificate("server").getEncoded());
    clientCertPem =
        writePem("client.pem", "CERTIFICATE", clientKeys.getCertificate("client").getEncoded());
    clientKeyPem =
        writePem(
            "client-key.pem", "PRIVATE KEY", clientKeys.getKey("client", PASSWORD).getEncoded());
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("client", clientKeys.getCertificate("client"));
    server = httpsServer(serverKeys, trusted);
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void trustsTheCaFileAndPresentsTheClientCertificate() throws Exception {
    TestPush push = push();
    push.caFile = Optional.of(caPem);
    push.certFile = Optional.of(clientCertPem);
    push.keyFile = Optional.of(clientKeyPem);

    try (RemoteWriteShipper shipper = start(push)) {
      await().until(() -> shipper.stats().samplesSent() == 3);
    }
  }

  @Test
  void skipsVerificationOnlyWhenToldAndSaysSo() throws Exception {
    TestPush push = push();
    push.insecureSkipVerify = true;
    push.certFile = Optional.of(clientCertPem);
    push.keyFile = Optional.of(clientKeyPem);

    try (LogCapture log = new LogCapture();
        RemoteWriteShipper shipper = start(push)) {
      await().until(() -> shipper.stats().samplesSent() == 3);
      assertThat(log.text()).contains("REMOTE_WRITE_INSECURE_SKIP_VERIFY=true").contains("NOT");
    }
  }

  @Test
  void failsWithoutTheClientCertificate() throws Exception {
    TestPush push = push();
    push.caFile = Optional.of(caPem);

    assertNothingAccepted(push);
  }

  @Test
  void failsWithoutTheCaFileSinceTheJdkDoesNotTrustTheServer() throws Exception {
    TestPush push = push();
    push.certFile = Optional.of(clientCertPem);
    push.keyFile = Optional.of(clientKeyPem);

    assertNothingAccepted(push);
  }

  private void assertNothingAccepted(TestPush push) throws IOException {
    int before = accepted.get();
    try (RemoteWriteShipper shipper = start(push)) {
      await().until(() -> shipper.stats().requests(StatusClass.ERROR) >= 2);
      assertThat(shipper.stats().samplesSent()).isZero();
      assertThat(shipper.stats().samplesFailed()).isPositive();
    }
    assertThat(accepted.get()).isEqualTo(before);
  }

  private TestPush push() {
    TestPush push =
        new TestPush(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/write"));
    push.shutdownTimeout = Duration.ZERO;
    return push;
  }

  private RemoteWriteShipper start(TestPush push) throws IOException {
    rows.append(T0 + rows.published() + 1, new double[] {1, 2, 3});
    return RemoteWriteShipper.start(
        push.build(),
        feed(rows),
        "test-version",
        SelfMetricSource.NONE,
        fastBackoff(),
        Clock.SYSTEM);
  }

  private static KeyStore keyPair(String alias, String name, String extension) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                name,
                "-ext",
                extension,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  private static Path writePem(String file, String type, byte[] der) throws IOException {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return Files.writeString(
        dir.resolve(file),
        "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
  }

  private static HttpsServer httpsServer(KeyStore keys, KeyStore trusted) throws Exception {
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    https.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setNeedClientAuth(true);
            params.setSSLParameters(parameters);
          }
        });
    https.createContext("/write", RemoteWriteTlsTest::accept);
    https.setExecutor(executor);
    https.start();
    return https;
  }

  private static void accept(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      accepted.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
    }
  }
}

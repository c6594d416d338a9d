package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.TestCertificates;
import io.jouleflow.agent.runtime.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotation between a handshake's questions to the key manager does not mix two certificates. */
class KeyRotationTest {

  @TempDir Path dir;
  private final WebStats stats = new WebStats();

  @Test
  void anAliasChosenBeforeARotationKeepsItsOwnChainAndKey() throws Exception {
    TestCertificates certificates = TestCertificates.make(dir.resolve("pki"));
    certificates.issue("next", "jouleflow-server-2");
    Path cert = Files.copy(certificates.cert("server"), dir.resolve("cert.pem"));
    Path key = Files.copy(certificates.key("server"), dir.resolve("key.pem"));
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "tls_server_config: {cert_file: cert.pem, key_file: key.pem}\n");
    X509ExtendedKeyManager keys =
        new ServerTls(WebConfigSource.open(file, stats, Clock.SYSTEM), stats, Clock.SYSTEM)
            .keyManager();

    String before = keys.chooseServerAlias("EC", null, null);
    replace(certificates.cert("next"), cert);
    replace(certificates.key("next"), key);
    String after = keys.chooseServerAlias("EC", null, null);

    assertThat(commonName(keys.getCertificateChain(before))).isEqualTo("CN=jouleflow-server-1");
    assertThat(keys.getPrivateKey(before)).isNotEqualTo(keys.getPrivateKey(after)).isNotNull();
    assertThat(commonName(keys.getCertificateChain(after))).isEqualTo("CN=jouleflow-server-2");
  }

  private static String commonName(X509Certificate[] chain) {
    return chain[0].getSubjectX500Principal().getName();
  }

  private static void replace(Path from, Path to) throws Exception {
    Path temporary = to.resolveSibling(to.getFileName() + ".new");
    Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(temporary, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

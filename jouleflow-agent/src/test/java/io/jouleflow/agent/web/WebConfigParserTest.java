package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web config file: the exporter toolkit's keys, and one clear line for each mistake. */
class WebConfigParserTest {

  static final String HASH = "$2y$10$" + "a".repeat(53);

  @TempDir Path dir;

  @Test
  void readsTlsAndUsersWithFileNamesRelativeToTheConfig() throws Exception {
    WebConfig config =
        parse(
            """
            tls_server_config:
              cert_file: server.pem
              key_file: /etc/keys/server-key.pem
              client_ca_file: ca.pem
            basic_auth_users:
              prometheus: %s
            """
                .formatted(HASH));

    TlsServerConfig tls = config.tls().orElseThrow();
    assertThat(tls.certFile()).isEqualTo(dir.resolve("server.pem").toAbsolutePath());
    assertThat(tls.keyFile()).isEqualTo(Path.of("/etc/keys/server-key.pem"));
    assertThat(tls.clientAuth()).isEqualTo(ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT);
    assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(config.users()).containsEntry("prometheus", HASH);
  }

  @Test
  void anEmptyFileMeansPlainHttpWithoutAuth() throws Exception {
    assertThat(parse("")).isEqualTo(WebConfig.NONE);
  }

  @Test
  void minVersionTls13LeavesOnlyTls13() throws Exception {
    WebConfig config =
        parse(
            """
            tls_server_config: {cert_file: a.pem, key_file: b.pem, min_version: TLS13}
            """);
    assertThat(config.tls().orElseThrow().protocols()).containsExactly("TLSv1.3");
  }

  @Test
  void namesTheFileAndTheProblemInOneLine() throws IOException {
    Path file = dir.resolve("web.yml");
    for (List<String> wrong :
        List.of(
            List.of("tls_config: {}", "unknown key 'tls_config'"),
            List.of(
                "tls_server_config: {cert_file: a, key_file: b, cipher_suites: [x]}",
                "unknown key 'tls_server_config.cipher_suites'"),
            List.of(
                "tls_server_config: {cert_file: a, key_file: b, min_version: TLS11}",
                "min_version is 'TLS11'; accepted: TLS12 or TLS13 (nothing below TLS 1.2)"),
            List.of("tls_server_config: {cert_file: a}", "tls_server_config.key_file is missing"),
            List.of(
                "tls_server_config: {cert_file: a, key_file: b, client_auth_type: Always}",
                "client_auth_type is 'Always'; accepted: NoClientCert, RequestClientCert,"),
            List.of(
                "tls_server_config: {cert_file: a, key_file: b, client_auth_type:"
                    + " VerifyClientCertIfGiven}",
                "VerifyClientCertIfGiven needs client_ca_file"),
            List.of(
                "tls_server_config: {cert_file: a, key_file: b, client_ca_file: c,"
                    + " client_auth_type: NoClientCert}",
                "client_ca_file is set but client_auth_type is NoClientCert"),
            List.of(
                "basic_auth_users: {prometheus: secret}", "basic_auth_users.prometheus is not a"),
            List.of("basic_auth_users: [a, b]", "basic_auth_users is not a mapping"),
            List.of("a: b: c", "is not valid YAML"),
            List.of("basic_auth_users: {a: x, a: y}", "is not valid YAML"))) {
      Files.writeString(file, wrong.get(0));
      assertThatThrownBy(() -> WebConfigParser.parse(file))
          .as(wrong.get(0))
          .isInstanceOf(WebConfigException.class)
          .hasMessageStartingWith("WEB_CONFIG_FILE " + file + ": ")
          .hasMessageContaining(wrong.get(1))
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("secret");
    }
  }

  @Test
  void aMissingFileOrUnreadableCertificatesFailAtOpen() throws IOException {
    WebStats stats = new WebStats();
    Path missing = dir.resolve("missing.yml");
    assertThatThrownBy(
            () -> WebConfigSource.open(missing, stats, io.jouleflow.agent.runtime.Clock.SYSTEM))
        .hasMessage("WEB_CONFIG_FILE " + missing + ": cannot be read (NoSuchFileException)");
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "tls_server_config: {cert_file: nope.pem, key_file: nope-key.pem}");
    assertThatThrownBy(
            () -> WebConfigSource.open(file, stats, io.jouleflow.agent.runtime.Clock.SYSTEM))
        .hasMessage(
            "WEB_CONFIG_FILE "
                + file
                + ": tls_server_config.cert_file "
                + dir.resolve("nope.pem")
                + " cannot be read (NoSuchFileException)");
  }

  private WebConfig parse(String yaml) throws IOException, WebConfigException {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, yaml);
    return WebConfigParser.parse(file);
  }
}

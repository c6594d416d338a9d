package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.fixture.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent behind its web config, scraped by real Prometheus servers the way their users configure
 * it: {@code scheme: https}, {@code tls_config} with a CA and a client certificate, {@code
 * basic_auth}. One with the credentials stores the samples; one without is refused, and its target
 * health says 401.
 */
class WebIT {

  @TempDir Path dir;

  @Test
  void prometheusScrapesOverTlsWithBasicAuthAndOneWithoutCredentialsIsRefused() throws Exception {
    TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
    Path password = Files.writeString(dir.resolve("password"), "scrape-secret");
    Path web =
        Files.writeString(
            dir.resolve("web.yml"),
            """
            tls_server_config:
              cert_file: pki/server.pem
              key_file: pki/server-key.pem
              client_ca_file: pki/ca.pem
              client_auth_type: VerifyClientCertIfGiven
            basic_auth_users:
              prometheus: %s
            """
                .formatted(
                    BCrypt.with(BCrypt.Version.VERSION_2Y)
                        .hashToString(10, "scrape-secret".toCharArray())));
    try (FakePowercapTree tree =
            FakePowercapTree.builder(dir.resolve("sys"))
                .packages(1)
                .powerWatts(20)
                .build()
                .start(1000);
        Agent agent = startAgent(tree.root(), web);
        PrometheusServer allowed =
            PrometheusServer.start(
                dir.resolve("prom-allowed"), job(agent, pki, "prometheus", password, true));
        PrometheusServer refused =
            PrometheusServer.start(
                dir.resolve("prom-refused"), job(agent, pki, "refused", password, false))) {
      await("samples stored over TLS with basic auth")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  allowed.scalar("sum(count_over_time(jouleflow_energy_joules_total[10m]))") >= 20);
      assertThat(allowed.scalar("up")).isEqualTo(1);

      await("the refused target's health")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> refused.get("/api/v1/targets").body().contains("401 Unauthorized"));
      assertThat(refused.scalar("up")).isZero();
      assertThat(refused.query("jouleflow_energy_joules_total")).isEmpty();
    }
  }

  private static Agent startAgent(Path sysfs, Path webConfig) throws Exception {
    return RaplAgents.start(sysfs, Map.of("WEB_CONFIG_FILE", webConfig.toString()));
  }

  private static String job(
      Agent agent, TestCertificates pki, String consumer, Path password, boolean credentials) {
    String auth =
        credentials
            ? """
                basic_auth:
                  username: prometheus
                  password_file: %s
                tls_config:
                  ca_file: %s
                  cert_file: %s
                  key_file: %s
            """
                .formatted(password, pki.ca(), pki.cert("client"), pki.key("client"))
            : """
                tls_config:
                  ca_file: %s
            """
                .formatted(pki.ca());
    return """
          - job_name: jouleflow
            scheme: https
            scrape_interval: 1s
            scrape_timeout: 1s
            params:
              consumer: [%s]
        %s
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
        .formatted(consumer, auth, agent.port());
  }
}

package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.jouleflow.agent.runtime.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth with bcrypt hashes: right, wrong and missing credentials, and what a check costs. */
class BasicAuthTest {

  @TempDir Path dir;

  private final WebStats stats = new WebStats();
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void letsInTheRightPasswordOfEachHashVersionAndAsksEveryoneElse() throws Exception {
    try (WebServer server = start()) {
      for (String user : new String[] {"y", "a", "b"}) {
        assertThat(get(server, user, "secret-" + user).statusCode()).as(user).isEqualTo(200);
      }
      HttpResponse<String> wrong = get(server, "y", "secret-a");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"jouleflow\", charset=\"UTF-8\"");
      assertThat(get(server, "nobody", "secret-y").statusCode()).isEqualTo(401);
      HttpResponse<String> missing =
          client.send(request(server).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(
              client
                  .send(
                      request(server).header("Authorization", "Basic !!!").build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      assertThat(stats.rejectedCount(WebStats.Rejected.UNAUTHORIZED)).isEqualTo(4);
    }
  }

  @Test
  void anUnknownUsersPasswordIsCheckedAtTheCostOfTheConfiguredHashes() {
    BasicAuth auth = new BasicAuth(java.time.Duration.ofSeconds(5));
    String cost5 =
        new String(
            BCrypt.with(BCrypt.Version.VERSION_2Y).hash(5, "pw".toCharArray()),
            StandardCharsets.US_ASCII);
    java.util.Map<String, String> users = java.util.Map.of("y", cost5);

    assertThat(auth.check(users, basic("nobody", "pw"))).isEqualTo(BasicAuth.Outcome.DENIED);
    assertThat(auth.dummyHash(cost5)).startsWith("$2a$05$");
  }

  @Test
  void aScraperPaysForBcryptOnceAndARepeatedWrongPasswordNeverAgain() throws Exception {
    try (WebServer server = start()) {
      for (int i = 0; i < 10; i++) {
        assertThat(get(server, "y", "secret-y").statusCode()).isEqualTo(200);
        assertThat(get(server, "y", "guess").statusCode()).isEqualTo(401);
      }
      assertThat(server.auth().bcryptChecks()).isEqualTo(2);
    }
  }

  @Test
  void aChangedHashInTheFileTakesEffectWithoutRestart() throws Exception {
    try (WebServer server = start()) {
      assertThat(get(server, "y", "secret-y").statusCode()).isEqualTo(200);
      Files.writeString(
          dir.resolve("web.yml"),
          "basic_auth_users:\n  y: " + hash(BCrypt.Version.VERSION_2Y, "new") + "\n");
      Files.setLastModifiedTime(
          dir.resolve("web.yml"),
          java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
      assertThat(get(server, "y", "secret-y").statusCode()).isEqualTo(401);
      assertThat(get(server, "y", "new").statusCode()).isEqualTo(200);
    }
  }

  private WebServer start() throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(
        file,
        """
        basic_auth_users:
          y: %s
          a: %s
          b: %s
        """
            .formatted(
                hash(BCrypt.Version.VERSION_2Y, "secret-y"),
                hash(BCrypt.Version.VERSION_2A, "secret-a"),
                hash(BCrypt.Version.VERSION_2B, "secret-b")));
    return TestServers.start(
        TestServers.FAST, WebConfigSource.open(file, stats, Clock.SYSTEM), stats);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String hash(BCrypt.Version version, String password) {
    return BCrypt.with(version).hashToString(4, password.toCharArray());
  }

  private HttpResponse<String> get(WebServer server, String user, String password)
      throws Exception {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return client.send(
        request(server).header("Authorization", "Basic " + credentials).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(WebServer server) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
  }
}

package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the push settings accept works when sent (java.net.http takes the URL and every header),
 * what they refuse is one line naming the setting, and no secret in a URL or a header is shown.
 */
class PushSettingsTest {

  private static final String URL_ACCEPTED =
      "accepted: an http or https URL with a host, no fragment; a port in 1..65535 if any";
  private static final String HEADERS_ACCEPTED =
      "accepted: empty or Name=value pairs separated by commas (names RFC 7230 tokens, values"
          + " without control characters)";

  @TempDir Path dir;

  @Test
  void urlsThatJavasHttpClientCannotSendAreRefusedWithTheReason() {
    assertRefused(
        "REMOTE_WRITE_URL",
        "http://127.0.0.1:99999/api/v1/write",
        "REMOTE_WRITE_URL (from environment) is 'http://127.0.0.1:99999/api/v1/write'; "
            + URL_ACCEPTED
            + "; here port 99999 is not in 1..65535");
    assertRefused(
        "REMOTE_WRITE_URL",
        "http://127.0.0.1:0/api/v1/write",
        "REMOTE_WRITE_URL (from environment) is 'http://127.0.0.1:0/api/v1/write'; "
            + URL_ACCEPTED
            + "; here port 0 is not in 1..65535");
    assertRefused(
        "REMOTE_WRITE_URL",
        "http:///api/v1/write",
        "REMOTE_WRITE_URL (from environment) is 'http:///api/v1/write'; "
            + URL_ACCEPTED
            + "; here no host name (or not host:port)");
    assertRefused(
        "REMOTE_WRITE_URL",
        "http://prometheus:9090/api/v1 write",
        "REMOTE_WRITE_URL (from environment) is 'http://prometheus:9090/api/v1 write'; "
            + URL_ACCEPTED
            + "; here not a URL (Illegal character in path at index 29)");
    assertRefused(
        "REMOTE_WRITE_URL",
        "http://prometheus:9090/api/v1/write#top",
        "REMOTE_WRITE_URL (from environment) is 'http://prometheus:9090/api/v1/write#<secret>'; "
            + URL_ACCEPTED
            + "; here a fragment (#...) is never sent");
    assertRefused(
        "REMOTE_WRITE_URL",
        "ftp://prometheus/api",
        "REMOTE_WRITE_URL (from environment) is 'ftp://prometheus/api'; "
            + URL_ACCEPTED
            + "; here the scheme is not http or https");
  }

  @Test
  void aRefusedUrlIsShownWithoutItsSecretsAndOnOneLine() {
    String url = "https://agent:pa55-SECRET@mimir:99999/api/v1/push?token=tok-SECRET&x\r\ny";
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_URL", url)))
        .hasMessage(
            "REMOTE_WRITE_URL (from environment) is"
                + " 'https://<secret>@mimir:99999/api/v1/push?token=<secret>&<secret>'; "
                + URL_ACCEPTED
                + "; here not a URL (Illegal character in query at index 68)")
        .message()
        .doesNotContain("SECRET")
        .doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTPS://mimir.example:443/api/v1/push?tenant=a",
        "http://[::1]:9090/api/v1/write",
        "http://agent:p%40ss@prometheus/api/v1/write",
        "http://prometheus/api/v1/write"
      })
  void acceptedUrlsAreKeptAsGiven(String url) throws Exception {
    assertThat(load(Map.of("REMOTE_WRITE_URL", url)).push().url()).isEqualTo(URI.create(url));
  }

  @Test
  void userInformationIsSentApartAndNeverShown() throws Exception {
    PushSettings push =
        load(Map.of("REMOTE_WRITE_URL", "https://agent:p%40ss@mimir:8443/push?token=t1&org=a"))
            .push();
    assertThat(push.endpoint()).isEqualTo(URI.create("https://mimir:8443/push?token=t1&org=a"));
    assertThat(push.loggableUrl())
        .isEqualTo("https://<secret>@mimir:8443/push?token=<secret>&org=<secret>");
  }

  @Test
  void userInformationAndOtherCredentialsContradictEachOther() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "s");
    String url = "http://agent:pw@prometheus/api/v1/write";
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "REMOTE_WRITE_URL",
                        url,
                        "REMOTE_WRITE_USERNAME",
                        "agent",
                        "REMOTE_WRITE_PASSWORD_FILE",
                        secret.toString())))
        .hasMessage(
            "REMOTE_WRITE_URL (from environment) holds user:password@ (basic auth) and"
                + " REMOTE_WRITE_USERNAME (from environment) is set too; accepted: one of them");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "REMOTE_WRITE_URL",
                        url,
                        "REMOTE_WRITE_BEARER_TOKEN_FILE",
                        secret.toString())))
        .hasMessage(
            "REMOTE_WRITE_URL (from environment) holds user:password@ (basic auth) and"
                + " REMOTE_WRITE_BEARER_TOKEN_FILE (from environment) is set too; accepted: one of"
                + " them");
  }

  @Test
  void headerValuesWithControlCharactersAreRefusedWithoutShowingTheValue() {
    for (String value : new String[] {"a\r\nX-Injected: 1", "a\nb", "a\u0001b", "a\u007fb"}) {
      assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", "X-Api-Key=" + value)))
          .hasMessage(
              "REMOTE_WRITE_HEADERS (from environment): header 'X-Api-Key' has a value with a"
                  + " control or non-Latin-1 character; "
                  + HEADERS_ACCEPTED);
    }
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", "X-Tenant=\u4e2d")))
        .hasMessageContaining("header 'X-Tenant' has a value with a control or non-Latin-1");
  }

  @Test
  void headerNamesMustBeTokensGivenOnce() {
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", "X Tenant=a")))
        .hasMessage(
            "REMOTE_WRITE_HEADERS (from environment): header 'X Tenant' is not Name=value with a"
                + " token for a name; "
                + HEADERS_ACCEPTED);
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", "X-A\r\nB=1")))
        .hasMessageStartingWith(
            "REMOTE_WRITE_HEADERS (from environment): header 'X-A\\r\\nB' is not Name=value");
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", "X-Tenant")))
        .hasMessageContaining("header 'X-Tenant' is not Name=value");
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", "X-A=1,x-a=2")))
        .hasMessageContaining("header 'x-a' is given twice");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Host", "connection", "Content-Length", "Expect", "Upgrade", "Content-Encoding"})
  void headersThatJouleflowOrJavaSetAreRefused(String name) {
    assertThatThrownBy(() -> load(Map.of("REMOTE_WRITE_HEADERS", name + "=x")))
        .hasMessage(
            "REMOTE_WRITE_HEADERS (from environment): header '"
                + name
                + "' is set by jouleflow or Java's HTTP client; reserved: authorization,"
                + " connection, content-encoding, content-length, content-type, expect, host,"
                + " transfer-encoding, upgrade, user-agent, x-prometheus-remote-write-version; "
                + HEADERS_ACCEPTED);
  }

  @Test
  void acceptedHeadersAreWhatJavasHttpClientSends() throws Exception {
    PushSettings push =
        load(Map.of("REMOTE_WRITE_HEADERS", "X-Scope-OrgID=team-a, X-Empty=, X-Latin=caf\u00e9"))
            .push();
    assertThat(push.headers())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("X-Scope-OrgID", "team-a", "X-Empty", "", "X-Latin", "caf\u00e9"));
    var request = java.net.http.HttpRequest.newBuilder(push.endpoint());
    push.headers().forEach(request::setHeader);
    assertThat(request.build().headers().map()).hasSize(3);
  }

  private static void assertRefused(String name, String value, String message) {
    assertThatThrownBy(() -> load(Map.of(name, value)))
        .isInstanceOf(SettingsException.class)
        .hasMessage(message);
  }

  private static Settings load(Map<String, String> environment) throws SettingsException {
    Map<String, String> all = new HashMap<>(environment);
    all.putIfAbsent("EXPORT_MODE", "push");
    return SettingsLoader.load(all, Map.of());
  }
}

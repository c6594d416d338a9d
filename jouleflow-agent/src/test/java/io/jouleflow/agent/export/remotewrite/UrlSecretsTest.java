package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.T0;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.fastBackoff;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Answer;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * User information in {@code REMOTE_WRITE_URL} is basic auth; it and the query's values (where
 * tokens go) never appear in a log line, even when the receiver echoes them. The user name alone is
 * no secret (as {@code REMOTE_WRITE_USERNAME}).
 */
class UrlSecretsTest {

  private static final String USER = "agent@site";
  private static final String PASSWORD = "pa:SECRET+1";
  private static final String TOKEN = "tok-SECRET-5e";

  private final SampleRing rows = new SampleRing(64, 3);

  @Test
  void userInformationIsSentAsBasicAuthPercentDecoded() throws Exception {
    rows.append(T0, new double[] {1, 2, 3});
    try (ReceiverStub receiver = ReceiverStub.start();
        RemoteWriteShipper shipper = start(withUserInfo(receiver.url(), ""))) {
      await().until(() -> shipper.stats().samplesSent() == 3);

      String expected = USER + ":" + PASSWORD;
      assertThat(receiver.received().getFirst().header("Authorization"))
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder().encodeToString(expected.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void neitherTheUserInformationNorTheQueryValuesAreEverLogged() throws Exception {
    rows.append(T0, new double[] {1, 2, 3});
    try (ReceiverStub receiver = ReceiverStub.start();
        LogCapture log = new LogCapture()) {
      receiver.script(
          Answer.status(404, "no route for /api/v1/write?token=" + TOKEN),
          Answer.status(500, "user " + USER + " password " + PASSWORD));
      URI url = withUserInfo(receiver.url(), "?token=" + TOKEN + "&tenant=t1");
      try (RemoteWriteShipper shipper = start(url)) {
        await().until(() -> shipper.stats().samplesDropped(DropReason.REJECTED_4XX) == 3);
        rows.append(T0 + 100, new double[] {1, 2, 3});
        await().until(() -> shipper.stats().samplesSent() == 3);
        assertThat(shipper.description())
            .startsWith("remote write to http://<secret>@127.0.0.1:")
            .contains("/api/v1/write?token=<secret>&tenant=<secret> every");
      }
      assertThat(log.text())
          .contains("answered 404 'no route for /api/v1/write?token=<secret>'")
          .contains("answered 500 'user agent@site password <secret>'")
          .contains("?token=<secret>&tenant=<secret>")
          .doesNotContain(TOKEN)
          .doesNotContain(PASSWORD)
          .doesNotContain("agent%40site")
          .doesNotContain("t1");
    }
  }

  /** {@code url} with the user and password, percent-encoded, and {@code query}. */
  private static URI withUserInfo(URI url, String query) {
    return URI.create(url.toString().replace("//", "//agent%40site:pa%3ASECRET+1@") + query);
  }

  private RemoteWriteShipper start(URI url) throws Exception {
    TestPush push = new TestPush(url);
    push.shutdownTimeout = Duration.ofMillis(500);
    return RemoteWriteShipper.start(
        push.build(),
        feed(rows),
        "test-version",
        SelfMetricSource.NONE,
        fastBackoff(),
        Clock.SYSTEM);
  }
}

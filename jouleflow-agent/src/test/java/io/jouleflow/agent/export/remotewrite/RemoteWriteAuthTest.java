package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.T0;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.fastBackoff;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Answer;
import io.jouleflow.agent.export.remotewrite.ReceiverStub.Received;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth, bearer tokens, and secrets kept out of logs and error messages. */
class RemoteWriteAuthTest {

  private static final String PASSWORD = "pw-SECRET-91c2";
  private static final String TOKEN = "tok-SECRET-7f3a";

  @TempDir Path dir;
  private final SampleRing rows = new SampleRing(64, 3);
  private final List<RemoteWriteShipper> shippers = new ArrayList<>();
  private ReceiverStub receiver;
  private TestPush push;
  private int rowCount;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = ReceiverStub.start();
    push = new TestPush(receiver.url());
    push.shutdownTimeout = java.time.Duration.ofMillis(500);
  }

  @AfterEach
  void stop() {
    shippers.forEach(RemoteWriteShipper::close);
    receiver.close();
  }

  @Test
  void sendsBasicAuthWithThePasswordFromItsFileTrimmed() throws Exception {
    push.username = Optional.of("agent");
    push.passwordFile = Optional.of(write("password", PASSWORD + "\n"));
    appendRow();
    start();

    await().until(() -> receiver.received().size() == 1);
    String expected =
        Base64.getEncoder().encodeToString(("agent:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(receiver.received().getFirst().header("Authorization"))
        .isEqualTo("Basic " + expected);
  }

  @Test
  void sendsTheBearerTokenAndReadsItAgainWhenItsFileChanges() throws Exception {
    Path file = write("token", "token-one\n");
    push.bearerTokenFile = Optional.of(file);
    appendRow();
    start();
    await().until(() -> receiver.received().size() == 1);
    assertThat(receiver.received().getFirst().header("Authorization"))
        .isEqualTo("Bearer token-one");

    Files.writeString(file, "token-number-two\n");
    appendRow();

    await().until(() -> receiver.received().size() == 2);
    assertThat(receiver.received().get(1).header("Authorization"))
        .isEqualTo("Bearer token-number-two");
  }

  @Test
  void keepsTheTokenOutOfTheLogEvenWhenTheReceiverEchoesIt() throws Exception {
    push.bearerTokenFile = Optional.of(write("token", TOKEN));
    receiver.script(Answer.status(401, "invalid credentials: Authorization: Bearer " + TOKEN));
    receiver.otherwise(Answer.status(500, "echo " + TOKEN));
    appendRow();
    try (LogCapture log = new LogCapture()) {
      RemoteWriteShipper shipper = start();
      await().until(() -> shipper.stats().samplesDropped(DropReason.REJECTED_4XX) == 3);
      appendRow();
      await().until(() -> shipper.stats().samplesFailed() > 0);

      await().until(() -> log.text().contains("answered 500"));
      assertThat(log.text())
          .contains("answered 401 'invalid credentials: Authorization: Bearer <secret>'")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void keepsThePasswordOutOfTheLogEvenWhenTheReceiverEchoesIt() throws Exception {
    push.username = Optional.of("agent");
    push.passwordFile = Optional.of(write("password", PASSWORD));
    receiver.script(Answer.status(403, "denied"));
    appendRow();
    try (LogCapture log = new LogCapture()) {
      RemoteWriteShipper shipper = start();
      await().until(() -> receiver.received().size() == 1);
      Received request = receiver.received().getFirst();
      receiver.script(Answer.status(400, "bad request from " + request.header("Authorization")));
      receiver.script(Answer.status(400, "password was " + PASSWORD));
      appendRow();
      await().until(() -> shipper.stats().samplesDropped(DropReason.REJECTED_4XX) == 6);
      appendRow();
      await().until(() -> shipper.stats().samplesDropped(DropReason.REJECTED_4XX) == 9);

      await().until(() -> log.text().contains("answered 403 'denied'"));
      String basic = request.header("Authorization").substring("Basic ".length());
      assertThat(log.text()).doesNotContain(PASSWORD).doesNotContain(basic);
    }
  }

  @Test
  void namesTheSettingAndFileButNotTheSecretWhenAFileCannotBeUsed() throws Exception {
    Path empty = write("empty-password", "\n");
    push.username = Optional.of("agent");
    push.passwordFile = Optional.of(empty);
    assertThatThrownBy(this::start)
        .isInstanceOf(IOException.class)
        .hasMessage("REMOTE_WRITE_PASSWORD_FILE " + empty + " is empty");

    push = new TestPush(receiver.url());
    Path key =
        write(
            "key.pem",
            "-----BEGIN PRIVATE KEY-----\nS0VZLVNFQ1JFVC1CWVRFUw==\n-----END PRIVATE KEY-----\n");
    push.certFile = Optional.of(write("cert.pem", "not a certificate"));
    push.keyFile = Optional.of(key);
    assertThatThrownBy(this::start)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("REMOTE_WRITE_KEY_FILE " + key + " holds no PKCS#8 key")
        .message()
        .doesNotContain("S0VZLVNFQ1JFVC1CWVRFUw")
        .doesNotContain("KEY-SECRET");

    push = new TestPush(receiver.url());
    Path missing = dir.resolve("no-such-token");
    push.bearerTokenFile = Optional.of(missing);
    assertThatThrownBy(this::start)
        .hasMessage(
            "REMOTE_WRITE_BEARER_TOKEN_FILE " + missing + " cannot be read (NoSuchFileException)");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private void appendRow() {
    int row = rowCount++;
    rows.append(T0 + row * 100L, new double[] {row, row, row});
  }

  private RemoteWriteShipper start() throws IOException {
    RemoteWriteShipper shipper =
        RemoteWriteShipper.start(
            push.build(),
            feed(rows),
            "test-version",
            SelfMetricSource.NONE,
            fastBackoff(),
            Clock.SYSTEM);
    shippers.add(shipper);
    return shipper;
  }
}

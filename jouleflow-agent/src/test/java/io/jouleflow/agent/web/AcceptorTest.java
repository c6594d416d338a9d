package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcceptorTest {

  private final WebStats stats = new WebStats();
  private final FakeClock clock = new FakeClock();

  @Test
  void tooManyOpenFilesPausesLongerEachTimeCountsAndWarnsOnce() {
    AtomicInteger calls = new AtomicInteger();
    Acceptor.Source failing =
        () -> {
          calls.incrementAndGet();
          throw new IOException("Too many open files");
        };
    try (LogCapture logs = new LogCapture()) {
      new Acceptor(failing, socket -> {}, () -> calls.get() > 20, stats, clock).run();
      assertThat(stats.acceptFailures()).isEqualTo(20);
      assertThat(clock.parks()).hasSize(20);
      assertThat(clock.parks().subList(0, 3))
          .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
      assertThat(clock.parks().get(19)).isEqualTo(Acceptor.LONGEST_PAUSE);
      assertThat(logs.text().split("Too many open files", -1)).hasSize(2);
    }
  }

  @Test
  void aConnectionThatCannotBeServedIsClosedAndTheNextIsAccepted() throws IOException {
    List<Socket> sockets = List.of(new Socket(), new Socket());
    AtomicInteger calls = new AtomicInteger();
    List<Socket> served = new ArrayList<>();
    new Acceptor(
            () -> sockets.get(calls.getAndIncrement()),
            socket -> {
              if (served.isEmpty() && socket == sockets.get(0)) {
                served.add(socket);
                throw new IllegalStateException("no thread");
              }
              served.add(socket);
            },
            () -> calls.get() >= 2,
            stats,
            clock)
        .run();
    assertThat(served).containsExactlyElementsOf(sockets);
    assertThat(sockets.get(0).isClosed()).isTrue();
    assertThat(stats.closedCount(WebStats.Closed.FAILED)).isEqualTo(1);
  }
}

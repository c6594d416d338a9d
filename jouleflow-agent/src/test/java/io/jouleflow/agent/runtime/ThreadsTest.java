package io.jouleflow.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.LogCapture;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  @Test
  void threadsAreNamedAndDaemonAsAsked() {
    Runnable nothing = () -> {};
    assertThat(Threads.daemon("jouleflow-a", nothing).isDaemon()).isTrue();
    assertThat(Threads.nonDaemon("jouleflow-b", nothing).isDaemon()).isFalse();
    assertThat(Threads.daemon("jouleflow-a", nothing).getName()).isEqualTo("jouleflow-a");
    Thread virtual = Threads.virtual("jouleflow-http-").newThread(nothing);
    assertThat(virtual.isVirtual()).isTrue();
    assertThat(virtual.getName()).isEqualTo("jouleflow-http-0");
  }

  @Test
  void whatEscapesAThreadIsLoggedWithTheThreadsName() throws Exception {
    try (LogCapture log = new LogCapture()) {
      Thread thread =
          Threads.daemon(
              "jouleflow-doomed",
              () -> {
                throw new IllegalStateException("boom");
              });
      thread.start();
      assertThat(Threads.join(thread, Duration.ofSeconds(5))).isTrue();

      assertThat(log.text())
          .contains("thread jouleflow-doomed died")
          .contains("IllegalStateException: boom");
    }
  }

  @Test
  void aLimitOfZeroOrLessWaitsNotAtAllAndSaysTheThreadStillRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread blocked = Threads.daemon("jouleflow-blocked", () -> awaitQuietly(release));
    blocked.start();

    assertThat(Threads.join(blocked, Duration.ZERO)).isFalse();
    assertThat(Threads.join(blocked, Duration.ofSeconds(-1))).isFalse();
    release.countDown();
    assertThat(Threads.join(blocked, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void joinGivesUpAfterTheLimitAndKeepsTheCallersInterruptFlag() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread blocked = Threads.daemon("jouleflow-blocked", () -> awaitQuietly(release));
    blocked.start();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread.currentThread().interrupt();
    boolean ended = Threads.join(blocked, Duration.ofMillis(20));
    flag.set(Thread.interrupted());
    assertThat(ended).isFalse();
    assertThat(flag.get()).isTrue();
    release.countDown();
    assertThat(Threads.join(blocked, Duration.ofSeconds(5))).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

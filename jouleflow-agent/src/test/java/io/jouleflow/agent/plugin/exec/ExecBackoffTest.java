package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecBackoffTest {

  private final Backoff backoff = Backoff.standard();

  @Test
  void doublesFromOneSecondUpToSixty() {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(backoff.next(Duration.ZERO).toSeconds());
    }
    assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
  }

  @Test
  void startsOverAfterARunOfSixtySeconds() {
    backoff.next(Duration.ZERO);
    backoff.next(Duration.ofSeconds(59));
    assertThat(backoff.next(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.next(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void limiterLetsThePermitsThroughPerWindowAndCountsTheRest() {
    WindowLimiter limiter = new WindowLimiter(2, 100);
    assertThat(limiter.tryAcquire(0)).isZero();
    assertThat(limiter.tryAcquire(10)).isZero();
    assertThat(limiter.tryAcquire(20)).isEqualTo(WindowLimiter.DENIED);
    assertThat(limiter.tryAcquire(99)).isEqualTo(WindowLimiter.DENIED);
    assertThat(limiter.tryAcquire(100)).isEqualTo(2);
    assertThat(limiter.tryAcquire(110)).isZero();
    assertThat(limiter.tryAcquire(120)).isEqualTo(WindowLimiter.DENIED);
    assertThat(limiter.takeSuppressed()).isEqualTo(1);
    assertThat(limiter.takeSuppressed()).isZero();
  }
}

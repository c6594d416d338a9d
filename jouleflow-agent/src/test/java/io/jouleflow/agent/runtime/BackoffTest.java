package io.jouleflow.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff.Restarts restarts =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), null)
          .restarts(Duration.ofSeconds(60));

  @Test
  void restartsDoubleFromOneSecondUpToSixty() {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(restarts.next(Duration.ZERO).toSeconds());
    }
    assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
  }

  @Test
  void restartsStartOverAfterARunOfSixtySeconds() {
    restarts.next(Duration.ZERO);
    restarts.next(Duration.ofSeconds(59));
    assertThat(restarts.next(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(4));
    assertThat(restarts.next(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
    assertThat(restarts.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withoutJitterTheWaitIsTheBase() {
    Backoff exact = new Backoff(Duration.ofMillis(30), Duration.ofSeconds(5), null);
    assertThat(exact.delayNanos(3)).isEqualTo(Duration.ofMillis(120).toNanos());
    assertThat(exact.minimumNanos()).isEqualTo(Duration.ofMillis(30).toNanos());
  }

  @Test
  void withJitterTheWaitLiesBetweenHalfTheBaseAndTheBase() {
    Backoff jittered =
        new Backoff(Duration.ofMillis(30), Duration.ofSeconds(5), new SplittableRandom(3));
    for (int failures = 1; failures < 20; failures++) {
      long base = jittered.baseNanos(failures);
      assertThat(jittered.delayNanos(failures)).isBetween(base / 2, base);
    }
    assertThat(jittered.minimumNanos()).isEqualTo(Duration.ofMillis(15).toNanos());
  }

  @Test
  void refusesAMaximumBelowTheInitialWait() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < initial <= max");
  }
}

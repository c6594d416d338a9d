package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.runtime.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(
          RemoteWriteShipper.BACKOFF_INITIAL,
          RemoteWriteShipper.BACKOFF_MAX,
          new SplittableRandom(1));

  @Test
  void doublesFromThirtyMillisecondsUpToFiveSeconds() {
    assertThat(backoff.baseNanos(1)).isEqualTo(Duration.ofMillis(30).toNanos());
    assertThat(backoff.baseNanos(2)).isEqualTo(Duration.ofMillis(60).toNanos());
    assertThat(backoff.baseNanos(8)).isEqualTo(Duration.ofMillis(3840).toNanos());
    assertThat(backoff.baseNanos(9)).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(backoff.baseNanos(1000)).isEqualTo(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void jittersBetweenHalfTheBaseAndTheBase() {
    for (int failures = 1; failures < 20; failures++) {
      long base = backoff.baseNanos(failures);
      assertThat(backoff.delayNanos(failures)).isBetween(base / 2, base);
    }
  }

  @Test
  void retryAfterTakesSecondsOrAnHttpDate() {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");

    assertThat(RetryAfter.parse("1", now)).contains(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse(" 120 ", now)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 10:00:30 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999", now)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("soon", now)).isEmpty();
    assertThat(RetryAfter.parse("-1", now)).isEmpty();
  }
}

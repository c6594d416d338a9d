package io.jouleflow.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final Clock clock = FakeClock.reading(now::get);

  @Test
  void letsThePermitsThroughPerWindowAndCountsTheRest() {
    LogLimiter limiter = new LogLimiter(2, Duration.ofNanos(100), clock);
    assertThat(at(0, limiter)).isZero();
    assertThat(at(10, limiter)).isZero();
    assertThat(at(20, limiter)).isEqualTo(LogLimiter.HELD_BACK);
    assertThat(at(99, limiter)).isEqualTo(LogLimiter.HELD_BACK);
    assertThat(at(100, limiter)).isEqualTo(2);
    assertThat(at(110, limiter)).isZero();
    assertThat(at(120, limiter)).isEqualTo(LogLimiter.HELD_BACK);
    assertThat(limiter.takeHeldBack("kind")).isEqualTo(1);
    assertThat(limiter.takeHeldBack("kind")).isZero();
  }

  @Test
  void limitsEachKindOnItsOwn() {
    LogLimiter limiter = LogLimiter.oncePerMinute(clock);
    assertThat(limiter.allows("network")).isTrue();
    assertThat(limiter.allows("status")).isTrue();
    assertThat(limiter.allows("network")).isFalse();
    now.set(Duration.ofSeconds(59).toNanos());
    assertThat(limiter.allow("network")).isEqualTo(LogLimiter.HELD_BACK);
    now.set(Duration.ofSeconds(60).toNanos());
    assertThat(limiter.allow("network")).isEqualTo(2);
    assertThat(limiter.allow()).isZero();
    assertThat(limiter.allow()).isEqualTo(LogLimiter.HELD_BACK);
  }

  @Test
  void notesHowManyWereHeldBack() {
    assertThat(LogLimiter.heldBackNote(0)).isEmpty();
    assertThat(LogLimiter.heldBackNote(3))
        .isEqualTo(" (3 more like this not logged in the last minute)");
  }

  private long at(long nanos, LogLimiter limiter) {
    now.set(nanos);
    return limiter.allow("kind");
  }
}

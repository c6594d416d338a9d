package io.jouleflow.agent.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrappingCounterTest {

  private static final long TENTH = 100_000_000L;
  private static final long MINUTE = 60_000_000_000L;

  /** RAPL's energy_uj range on many Intel CPUs, about 262,143 J. */
  private static final long RAPL_RANGE = 262_143_328_850L;

  /** 1500 W in microjoules per second. */
  private static final double PACKAGE_UJ_PER_SECOND = 1500e6;

  @Test
  void countsAcrossAWrapAsTheKernelDocumentsIt() {
    WrappingCounter counter = new WrappingCounter(1_000, 990, 1_000);
    assertThat(counter.advance(995, TENTH)).isTrue();
    assertThat(counter.total()).isEqualTo(5);
    // 995 -> 1000 is 5, 1000 -> 0 is 1, 0 -> 4 is 4
    assertThat(counter.advance(4, TENTH)).isTrue();
    assertThat(counter.total()).isEqualTo(15);
    assertThat(counter.advance(4, TENTH)).isTrue();
    assertThat(counter.total()).isEqualTo(15);
    assertThat(counter.resets()).isZero();
  }

  @Test
  void aThirtyTwoBitRegisterWrapsAtTwoToTheThirtyTwo() {
    WrappingCounter counter = new WrappingCounter(0xFFFF_FFFFL, 0xFFFF_FF00L, 1e9);
    assertThat(counter.advance(0x100, TENTH)).isTrue();
    assertThat(counter.total()).isEqualTo(0x200);
  }

  @Test
  void aFiveJouleStepBackIsAResetThatAddsNothing() {
    WrappingCounter counter = new WrappingCounter(RAPL_RANGE, 100_000_000, PACKAGE_UJ_PER_SECOND);

    assertThat(counter.advance(95_000_000, TENTH)).isFalse();
    assertThat(counter.total()).isZero();
    assertThat(counter.resets()).isOne();
    assertThat(counter.previous()).isEqualTo(95_000_000);

    assertThat(counter.advance(96_000_000, TENTH)).isTrue();
    assertThat(counter.total()).isEqualTo(1_000_000);
  }

  @Test
  void aRealWrapRightAfterTheRangeIsCountedExactly() {
    WrappingCounter counter =
        new WrappingCounter(RAPL_RANGE, RAPL_RANGE - 10_000_000, PACKAGE_UJ_PER_SECOND);

    assertThat(counter.advance(20_000_000, TENTH)).isTrue();
    assertThat(counter.total()).isEqualTo(30_000_001);
    assertThat(counter.resets()).isZero();
  }

  @Test
  void aStepBackAfterLongEnoughToCoverTheWrapStaysAWrap() {
    WrappingCounter counter = new WrappingCounter(RAPL_RANGE, 100_000_000, PACKAGE_UJ_PER_SECOND);

    // 262,138 J in 3 minutes is 1456 W, below the 1500 W bound
    assertThat(counter.advance(95_000_000, 3 * MINUTE)).isTrue();
    assertThat(counter.total()).isEqualTo(RAPL_RANGE - 5_000_000 + 1);
    assertThat(counter.resets()).isZero();
  }

  @Test
  void theBoundAllowsOneSecondOfSlackOnTopOfTheElapsedTime() {
    WrappingCounter slack = new WrappingCounter(1_000_000, 999_000, 1_000);
    // read at once: only the one second of slack, 1000 units, may cross the wrap
    assertThat(slack.advance(1_001, 0)).isFalse();
    WrappingCounter enough = new WrappingCounter(1_000_000, 999_500, 1_000);
    assertThat(enough.advance(499, 0)).isTrue();
    assertThat(enough.total()).isEqualTo(1_000);
  }
}

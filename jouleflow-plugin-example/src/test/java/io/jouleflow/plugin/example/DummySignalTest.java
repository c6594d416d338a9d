package io.jouleflow.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DummySignalTest {

  /** 2025-01-01T00:00:00Z, a whole number of 60 s periods since the epoch. */
  private static final long T0 = 1_735_689_600_000L;

  private final DummySignal signal = new DummySignal(40, 10, 60_000);

  @Test
  void swingsAroundTheMeanOncePerPeriod() {
    assertThat(signal.wattsAt(T0)).isCloseTo(40, within(1e-9));
    assertThat(signal.wattsAt(T0 + 15_000)).isCloseTo(50, within(1e-9));
    assertThat(signal.wattsAt(T0 + 30_000)).isCloseTo(40, within(1e-9));
    assertThat(signal.wattsAt(T0 + 45_000)).isCloseTo(30, within(1e-9));
    assertThat(signal.wattsAt(T0 + 60_000)).isCloseTo(40, within(1e-9));
  }

  @Test
  void dependsOnTheTimeOnly() {
    assertThat(signal.wattsAt(T0 + 12_345)).isEqualTo(signal.wattsAt(T0 + 12_345 + 60_000 * 1000L));
    assertThat(signal.wattsAt(T0 + 5_000))
        .isCloseTo(40 + 10 * Math.sin(2 * Math.PI * 5 / 60), within(1e-12));
  }

  @Test
  void aConstantSignalHasNoAmplitude() {
    DummySignal constant = new DummySignal(25, 0, 1);

    assertThat(constant.wattsAt(T0 + 7)).isEqualTo(25);
  }

  @Test
  void refusesNegativePower() {
    assertThatThrownBy(() -> new DummySignal(10, 11, 1000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DummySignal(-1, 0, 1000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DummySignal(10, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

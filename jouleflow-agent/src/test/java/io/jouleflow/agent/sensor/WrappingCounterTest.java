package io.jouleflow.agent.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrappingCounterTest {

  @Test
  void countsAcrossAWrapAsTheKernelDocumentsIt() {
    WrappingCounter counter = new WrappingCounter(1_000, 990);
    assertThat(counter.advance(995)).isEqualTo(5);
    // 995 -> 1000 is 5, 1000 -> 0 is 1, 0 -> 4 is 4
    assertThat(counter.advance(4)).isEqualTo(15);
    assertThat(counter.advance(4)).isEqualTo(15);
    assertThat(counter.total()).isEqualTo(15);
  }

  @Test
  void aThirtyTwoBitRegisterWrapsAtTwoToTheThirtyTwo() {
    WrappingCounter counter = new WrappingCounter(0xFFFF_FFFFL, 0xFFFF_FF00L);
    assertThat(counter.advance(0x100)).isEqualTo(0x200);
  }
}

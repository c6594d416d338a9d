package io.jouleflow.agent.sensor.rapl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RaplEnergyCounterTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'0\n'|0",
        "'262143328850\n'|262143328850",
        "'  42   \n'|42",
        "'9223372036854775807'|9223372036854775807",
        "'9223372036854775808'|-1",
        "''|-1",
        "'\n'|-1",
        "'12a\n'|-1",
        "'1 2\n'|-1",
        "'-5\n'|-1",
      })
  void parsesTheDecimalBetweenWhitespace(String content, long expected) {
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocateDirect(64).put(bytes);

    assertThat(EnergyCounter.parse(buffer, bytes.length)).isEqualTo(expected);
  }
}

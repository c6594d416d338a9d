package io.jouleflow.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedOutTest {

  @Test
  void smallWritesAreGatheredAndLargeOnesGoOutAsTheirOwnChunk() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Bodies.ChunkedOut body = new Bodies.ChunkedOut(out)) {
      body.write("ab".getBytes(StandardCharsets.US_ASCII));
      body.write('c');
      body.write("x".repeat(3000).getBytes(StandardCharsets.US_ASCII));
      body.write("y".repeat(2047).getBytes(StandardCharsets.US_ASCII));
      body.write("zz".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo(
            "3\r\nabc\r\n"
                + "bb8\r\n"
                + "x".repeat(3000)
                + "\r\n"
                + "800\r\n"
                + "y".repeat(2047)
                + "z\r\n"
                + "1\r\nz\r\n"
                + "0\r\n\r\n");
  }

  @Test
  void aBodyWithNothingWrittenIsOnlyTheLastChunk() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Bodies.ChunkedOut(out).close();
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("0\r\n\r\n");
  }
}

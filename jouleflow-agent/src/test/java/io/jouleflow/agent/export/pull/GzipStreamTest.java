package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipStreamTest {

  @Test
  void aBodyLargerThanTheBufferWrittenInPiecesGunzipsToItself() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("jouleflow_energy_joules_total{domain=\"package\"} ")
          .append(i * 7919L)
          .append('\n');
    }
    byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    byte[] buffer = new byte[512];

    for (int round = 0; round < 2; round++) { // the deflater and buffer are reused
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GzipStream gzip = new GzipStream(out, deflater, buffer)) {
        for (int at = 0; at < body.length; at += 3001) {
          gzip.write(body, at, Math.min(3001, body.length - at));
        }
        gzip.write('#');
      }
      assertThat(gunzip(out.toByteArray()))
          .hasSize(body.length + 1)
          .startsWith(body)
          .endsWith((byte) '#');
    }
  }

  @Test
  void anEmptyBodyIsAValidGzipMember() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new GzipStream(out, new Deflater(Deflater.BEST_SPEED, true), new byte[64]).close();
    assertThat(gunzip(out.toByteArray())).isEmpty();
  }

  private static byte[] gunzip(byte[] gzipped) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    }
  }
}

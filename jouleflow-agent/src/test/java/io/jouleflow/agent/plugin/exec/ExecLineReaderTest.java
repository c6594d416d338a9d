package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecLineReaderTest {

  @Test
  void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
    assertThat(read("a\r\nb\n\nlast", 10))
        .containsExactly(
            new BoundedLineReader.Line("a", false),
            new BoundedLineReader.Line("b", false),
            new BoundedLineReader.Line("", false),
            new BoundedLineReader.Line("last", false));
  }

  @Test
  void cutsLongLinesAndGoesOnWithTheNext() throws IOException {
    assertThat(read("0123456789abc\nok\n", 10))
        .containsExactly(
            new BoundedLineReader.Line("0123456789", true),
            new BoundedLineReader.Line("ok", false));
  }

  @Test
  void decodesUtf8AndReplacesMalformedBytes() throws IOException {
    byte[] bytes = {(byte) 0xc3, (byte) 0xa9, '\n', (byte) 0xff, '\n'};
    BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(bytes), 10);
    assertThat(reader.next()).isEqualTo(new BoundedLineReader.Line("é", false));
    assertThat(reader.next()).isEqualTo(new BoundedLineReader.Line("\ufffd", false));
    assertThat(reader.next()).isNull();
  }

  private static List<BoundedLineReader.Line> read(String text, int maxChars) throws IOException {
    BoundedLineReader reader =
        new BoundedLineReader(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxChars);
    List<BoundedLineReader.Line> lines = new ArrayList<>();
    for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    return lines;
  }
}

package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.api.Series;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scrape of more than a chunk, streamed through a small buffer, as /metrics writes it. */
class StreamingWriteTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final List<Series> COLUMNS =
      List.of(Series.energy("rapl", "package", "0"), Series.energy("rapl", "dram", "0"));

  private final SampleRing rows = new SampleRing(4096, 2);
  private final RecordRing records = new RecordRing(8192);
  private final SeriesRegistry registry = new SeriesRegistry(8);
  private final ExpositionWriter writer =
      new ExpositionWriter(new Feed(rows, COLUMNS, records, registry));

  @Test
  void aRangeOfManyChunksStreamsThroughAFixedBufferWithEverySeriesContiguousAndAscending() {
    appendRows(3000, 0);
    int a = registry.idOf(Series.of("plugin_watts", Map.of("source", "a")));
    int b = registry.idOf(Series.of("plugin_watts", Map.of("source", "b")));
    for (int i = 0; i < 2500; i++) { // interleaved, spanning three record chunks
      records.append(i % 3 == 0 ? b : a, T0 + i, i);
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    AsciiBuffer out = new AsciiBuffer(256);
    out.streamTo(sink);

    ExpositionWriter.Written written =
        writer.write(ExpositionFormat.TEXT, all(), List.of(), new Chunks(), out);
    out.flush();

    assertThat(written.samples()).isEqualTo(3000 * 2 + 2500);
    assertThat(written.lost()).isZero();
    assertThat(out.capacity()).isEqualTo(256);
    List<String> lines = sink.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.stream().filter(line -> line.startsWith("jouleflow_energy"))).hasSize(6000);
    assertContiguousAndAscending(lines, "domain=\"package\"", 3000);
    assertContiguousAndAscending(lines, "domain=\"dram\"", 3000);
    assertContiguousAndAscending(lines, "source=\"a\"", 2500 - 834);
    assertContiguousAndAscending(lines, "source=\"b\"", 834);
    assertThat(lines.stream().filter(line -> line.startsWith("# TYPE plugin_watts"))).hasSize(1);
  }

  @Test
  void rowsOverwrittenWhileTheScrapeIsWrittenAreSkippedAndCountedAsLost() {
    appendRows(4096, 0);
    ScrapeRange range = all();
    // The sampler overwrites the 2000 oldest rows when the first 256 bytes go out: the package
    // column was already partly read, the dram column is read later and misses them.
    OutputStream sampler =
        new OutputStream() {
          boolean appended;

          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] bytes, int offset, int length) {
            if (!appended) {
              appended = true;
              appendRows(2000, 4096);
            }
          }
        };
    AsciiBuffer out = new AsciiBuffer(256);
    out.streamTo(sampler);

    ExpositionWriter.Written written =
        writer.write(ExpositionFormat.TEXT, range, List.of(), new Chunks(), out);

    assertThat(written.lost()).isPositive();
    assertThat(written.samples() + written.lost()).isEqualTo(4096 * 2);
  }

  private ScrapeRange all() {
    return new ScrapeRange(0, rows.published() + 1, 0, records.published() + 1);
  }

  private void appendRows(int count, int from) {
    for (int i = from; i < from + count; i++) {
      rows.append(T0 + i, new double[] {i, i / 2.0});
    }
  }

  private static void assertContiguousAndAscending(List<String> lines, String label, int count) {
    int first = -1;
    long previous = Long.MIN_VALUE;
    int seen = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).contains(label)) {
        continue;
      }
      if (first < 0) {
        first = i;
      }
      assertThat(i).as("%s contiguous", label).isEqualTo(first + seen);
      String[] fields = lines.get(i).split(" ");
      long timestamp = Long.parseLong(fields[fields.length - 1]);
      assertThat(timestamp).as("%s ascending", label).isGreaterThan(previous);
      previous = timestamp;
      seen++;
    }
    assertThat(seen).as("samples of %s", label).isEqualTo(count);
  }
}

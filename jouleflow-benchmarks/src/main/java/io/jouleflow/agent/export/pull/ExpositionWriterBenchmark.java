package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.api.Series;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing one scrape's worth of rows, as {@code /metrics} does: 2000 rows of 6 RAPL series (2
 * packages × package, core, dram), 12,000 timestamped samples per operation; then, in the {@code
 * writeGzipped} variants, compressing the body as a scrape that accepts gzip does. The rows are
 * read from the ring in chunks, as a scrape streams them. Besides operations a second, JMH reports
 * {@code samples} (samples written a second) and {@code bytes} (uncompressed exposition bytes a
 * second) as secondary results.
 */
@NullMarked
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExpositionWriterBenchmark {

  static final int ROWS = 2000;
  static final int SAMPLES_PER_OP = ROWS * 6;

  private static final long START_MILLIS = 1_764_000_000_000L;
  private static final double[] WATTS = {62.5, 41.0, 3.2, 58.7, 38.9, 2.9};
  private static final long[] BASE_MICROJOULES = {
    81_234_567_891L,
    52_345_678_912L,
    4_123_456_789L,
    79_876_543_210L,
    50_123_400_000L,
    3_999_900_000L
  };

  /** {@link ExpositionFormat} by name: OPENMETRICS (what Prometheus asks for) or TEXT. */
  @Param({"OPENMETRICS", "TEXT"})
  public String format = "OPENMETRICS";

  private final List<Series> columns =
      List.of(
          Series.energy("rapl", "package", "0"),
          Series.energy("rapl", "core", "0"),
          Series.energy("rapl", "dram", "0"),
          Series.energy("rapl", "package", "1"),
          Series.energy("rapl", "core", "1"),
          Series.energy("rapl", "dram", "1"));
  private final SampleRing ring = filledRing();
  private final Feed feed = new Feed(ring, columns, new RecordRing(1), new SeriesRegistry(0));
  private final ExpositionWriter writer = new ExpositionWriter(feed);
  private final ScrapeRange range =
      new ScrapeRange(ring.published() + 1 - ROWS, ring.published() + 1, 0, 0);
  private final Chunks chunks = new Chunks();
  private final AsciiBuffer out = new AsciiBuffer(4096);
  private ExpositionFormat chosen = ExpositionFormat.OPENMETRICS;

  @Setup(Level.Trial)
  public void chooseFormat() {
    chosen = ExpositionFormat.valueOf(format);
    long written = writer.write(chosen, range, List.of(), chunks, out).samples();
    if (written != SAMPLES_PER_OP) {
      throw new IllegalStateException("wrote " + written + " samples, not " + SAMPLES_PER_OP);
    }
  }

  /** One scrape body: every sample of the 2000 rows, each with its timestamp. */
  @Benchmark
  public int write(Rates rates) {
    out.clear();
    rates.samples += writer.write(chosen, range, List.of(), chunks, out).samples();
    rates.bytes += out.size();
    return out.size();
  }

  /**
   * One scrape body compressed as {@code MetricsHandler} does when the scraper accepts gzip (as
   * Prometheus does): {@link GZIPOutputStream} at the default level, 6.
   */
  @Benchmark
  public byte[] writeGzipped(Rates rates) throws IOException {
    write(rates);
    return gzip(Deflater.DEFAULT_COMPRESSION);
  }

  /** As {@link #writeGzipped}, at level 1 (fastest). */
  @Benchmark
  public byte[] writeGzippedFastest(Rates rates) throws IOException {
    write(rates);
    return gzip(Deflater.BEST_SPEED);
  }

  private byte[] gzip(int level) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(out.size() / 6 + 64);
    try (GZIPOutputStream gzip = new LeveledGzip(compressed, level)) {
      gzip.write(out.array(), 0, out.size());
    }
    return compressed.toByteArray();
  }

  /** 2000 rows at 1 kHz of counters in joules with microjoule resolution, as RAPL gives them. */
  private static SampleRing filledRing() {
    SampleRing ring = new SampleRing(ROWS, WATTS.length);
    double[] row = new double[WATTS.length];
    for (int i = 0; i < ROWS; i++) {
      for (int c = 0; c < row.length; c++) {
        long jitter = (i * 7L + c * 13L) % 61;
        long microjoules = BASE_MICROJOULES[c] + Math.round(WATTS[c] * 1_000.0 * i) + jitter;
        row[c] = microjoules / 1e6;
      }
      ring.append(START_MILLIS + i, row);
    }
    return ring;
  }

  /** A {@link GZIPOutputStream} at a chosen compression level. */
  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 8192);
      def.setLevel(level);
    }
  }

  /** Secondary results: samples and bytes written, reported per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    /** Timestamped samples written. */
    public long samples;

    /** Exposition bytes written. */
    public long bytes;
  }
}

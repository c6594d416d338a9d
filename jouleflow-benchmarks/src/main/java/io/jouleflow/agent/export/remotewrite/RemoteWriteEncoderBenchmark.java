package io.jouleflow.agent.export.remotewrite;

import io.airlift.compress.v3.snappy.SnappyCompressor;
import io.airlift.compress.v3.snappy.SnappyJavaCompressor;
import io.jouleflow.agent.export.remotewrite.proto.Label;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.export.remotewrite.proto.TimeSeries;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import io.jouleflow.api.Series;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * One remote-write request as the shipper makes it: 2000 samples of 6 RAPL series (2 packages ×
 * package, core, dram) taken every 100 ms, encoded as a {@code WriteRequest} and compressed with
 * snappy (block format). {@code encodeAndCompress} is the shipper's path (wire format written
 * directly); {@code encodeAndCompressWithBuilders} builds the generated message objects instead.
 * {@code snappy} picks aircompressor's native library (through FFM, what the agent used before
 * issue 8) or its pure Java implementation (what the agent uses: no temporary library file).
 * Besides operations a second, JMH reports {@code samples} (samples encoded and compressed a
 * second) and {@code bytes} (compressed bytes a second).
 */
@NullMarked
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RemoteWriteEncoderBenchmark {

  static final int SAMPLES = 2000;

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
  private static final List<Series> SERIES =
      List.of(
          Series.energy("rapl", "package", "0"),
          Series.energy("rapl", "core", "0"),
          Series.energy("rapl", "dram", "0"),
          Series.energy("rapl", "package", "1"),
          Series.energy("rapl", "core", "1"),
          Series.energy("rapl", "dram", "1"));

  /**
   * {@code native}: aircompressor's native snappy through FFM; {@code java}: pure Java, as the
   * agent.
   */
  @Param({"native", "java"})
  public String snappy = "native";

  private final byte[][] labels =
      SERIES.stream().map(RemoteWriteEncoder::labels).toArray(byte[][]::new);
  private final SampleBlock block = filledBlock();
  private final RemoteWriteEncoder encoder = new RemoteWriteEncoder();
  private SnappyBlock compressor = new SnappyBlock();

  @Setup(Level.Trial)
  public void chooseSnappy() {
    SnappyCompressor chosen =
        snappy.equals("java") ? new SnappyJavaCompressor() : SnappyCompressor.create();
    if (snappy.equals("native") && chosen instanceof SnappyJavaCompressor) {
      throw new IllegalStateException("aircompressor's native snappy did not load");
    }
    compressor = new SnappyBlock(chosen);
    if (block.samples() != SAMPLES) {
      throw new IllegalStateException("expected " + SAMPLES + " samples, got " + block.samples());
    }
  }

  /** The shipper's path: the wire format written directly, then snappy. */
  @Benchmark
  public byte[] encodeAndCompress(Rates rates) {
    ProtoBuffer request = encoder.encode(block, slot -> labels[slot]);
    byte[] body = compressor.compress(request.array(), request.size());
    rates.samples += SAMPLES;
    rates.bytes += body.length;
    return body;
  }

  /** The same request through the generated builders ({@code toByteArray}), then snappy. */
  @Benchmark
  public byte[] encodeAndCompressWithBuilders(Rates rates) {
    byte[] request = withBuilders().toByteArray();
    byte[] body = compressor.compress(request, request.length);
    rates.samples += SAMPLES;
    rates.bytes += body.length;
    return body;
  }

  private WriteRequest withBuilders() {
    WriteRequest.Builder request = WriteRequest.newBuilder();
    for (int i = 0; i < block.seriesCount(); i++) {
      int slot = block.slot(i);
      TimeSeries.Builder series = TimeSeries.newBuilder();
      Series identity = SERIES.get(slot);
      TreeMap<String, String> all = new TreeMap<>(identity.labels());
      all.put(RemoteWriteEncoder.NAME_LABEL, identity.metric());
      for (Map.Entry<String, String> label : all.entrySet()) {
        series.addLabels(Label.newBuilder().setName(label.getKey()).setValue(label.getValue()));
      }
      long[] timestamps = block.timestamps(slot);
      double[] values = block.values(slot);
      for (int s = 0; s < block.count(slot); s++) {
        series.addSamples(Sample.newBuilder().setTimestamp(timestamps[s]).setValue(values[s]));
      }
      request.addTimeseries(series);
    }
    return request.build();
  }

  /** 2000 samples: rows every 100 ms of counters in joules with microjoule resolution. */
  private static SampleBlock filledBlock() {
    SampleBlock block = new SampleBlock();
    for (int row = 0; block.samples() < SAMPLES; row++) {
      for (int c = 0; c < WATTS.length && block.samples() < SAMPLES; c++) {
        long jitter = (row * 7L + c * 13L) % 61;
        long microjoules = BASE_MICROJOULES[c] + Math.round(WATTS[c] * 100_000.0 * row) + jitter;
        block.add(c, START_MILLIS + row * 100L + (row % 3), microjoules / 1e6);
      }
    }
    return block;
  }

  /** Secondary results: samples and compressed bytes, reported per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    /** Samples encoded and compressed. */
    public long samples;

    /** Compressed request bytes. */
    public long bytes;
  }
}

package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.ProtoBuffer.FIXED64;
import static io.jouleflow.agent.export.remotewrite.ProtoBuffer.LEN;
import static io.jouleflow.agent.export.remotewrite.ProtoBuffer.VARINT;
import static io.jouleflow.agent.export.remotewrite.ProtoBuffer.tag;
import static io.jouleflow.agent.export.remotewrite.ProtoBuffer.varintSize;

import io.jouleflow.api.Series;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Writes a {@link SampleBlock} as a remote-write 1.0 {@code WriteRequest} in protobuf wire format:
 * byte for byte what the generated types in {@code remotewrite.proto} write (the tests check it),
 * without a message object per sample. Each series' labels are encoded once, up front.
 */
final class RemoteWriteEncoder {

  /** The label that holds the metric name. */
  static final String NAME_LABEL = "__name__";

  private static final int REQUEST_TIMESERIES = tag(1, LEN);
  private static final int SERIES_LABELS = tag(1, LEN);
  private static final int SERIES_SAMPLES = tag(2, LEN);
  private static final int LABEL_NAME = tag(1, LEN);
  private static final int LABEL_VALUE = tag(2, LEN);
  private static final int SAMPLE_VALUE = tag(1, FIXED64);
  private static final int SAMPLE_TIMESTAMP = tag(2, VARINT);

  private final ProtoBuffer out = new ProtoBuffer(64 * 1024);
  private int[] seriesSizes = new int[16];

  /**
   * Encodes every series of {@code block}, each with the labels {@code labels} gives for its slot
   * (see {@link #labels(Series)}). The returned buffer is reused by the next call.
   */
  ProtoBuffer encode(SampleBlock block, IntFunction<byte[]> labels) {
    int series = block.seriesCount();
    if (seriesSizes.length < series) {
      seriesSizes = new int[Math.max(series, seriesSizes.length * 2)];
    }
    int total = 0;
    for (int i = 0; i < series; i++) {
      int slot = block.slot(i);
      int size = labels.apply(slot).length + samplesSize(block, slot);
      seriesSizes[i] = size;
      total += 1 + varintSize(size) + size;
    }
    out.clear();
    out.ensure(total);
    for (int i = 0; i < series; i++) {
      int slot = block.slot(i);
      out.writeByte(REQUEST_TIMESERIES);
      out.writeVarint(seriesSizes[i]);
      out.write(labels.apply(slot));
      writeSamples(block, slot);
    }
    return out;
  }

  /**
   * The {@code labels} fields of a {@code TimeSeries} of {@code series}: {@value #NAME_LABEL} and
   * every label, sorted by name (byte order, as Prometheus sorts them), each a {@code Label}.
   */
  static byte[] labels(Series series) {
    return labels(series, Map.of());
  }

  /**
   * As {@link #labels(Series)}, with the {@code external} labels the series has no label of the
   * same name for (its own wins, as with Prometheus' {@code external_labels}).
   */
  static byte[] labels(Series series, Map<String, String> external) {
    TreeMap<String, String> all = new TreeMap<>(external);
    all.putAll(series.labels());
    all.put(NAME_LABEL, series.metric());
    ProtoBuffer labels = new ProtoBuffer(64);
    for (Map.Entry<String, String> label : all.entrySet()) {
      byte[] name = label.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = label.getValue().getBytes(StandardCharsets.UTF_8);
      int size = stringFieldSize(name) + stringFieldSize(value);
      labels.ensure(1 + varintSize(size) + size);
      labels.writeByte(SERIES_LABELS);
      labels.writeVarint(size);
      writeString(labels, LABEL_NAME, name);
      writeString(labels, LABEL_VALUE, value);
    }
    return labels.toByteArray();
  }

  private static int samplesSize(SampleBlock block, int slot) {
    long[] timestamps = block.timestamps(slot);
    double[] values = block.values(slot);
    int count = block.count(slot);
    int size = 0;
    for (int i = 0; i < count; i++) {
      size += 2 + sampleSize(timestamps[i], Double.doubleToRawLongBits(values[i]));
    }
    return size;
  }

  private void writeSamples(SampleBlock block, int slot) {
    long[] timestamps = block.timestamps(slot);
    double[] values = block.values(slot);
    int count = block.count(slot);
    for (int i = 0; i < count; i++) {
      long timestamp = timestamps[i];
      long bits = Double.doubleToRawLongBits(values[i]);
      out.writeByte(SERIES_SAMPLES);
      out.writeByte(sampleSize(timestamp, bits));
      if (bits != 0) {
        out.writeByte(SAMPLE_VALUE);
        out.writeFixed64(bits);
      }
      if (timestamp != 0) {
        out.writeByte(SAMPLE_TIMESTAMP);
        out.writeVarint(timestamp);
      }
    }
  }

  /** The size of a {@code Sample} body; proto3 leaves out fields holding their default, 0. */
  private static int sampleSize(long timestamp, long valueBits) {
    return (valueBits != 0 ? 9 : 0) + (timestamp != 0 ? 1 + varintSize(timestamp) : 0);
  }

  private static int stringFieldSize(byte[] utf8) {
    return utf8.length == 0 ? 0 : 1 + varintSize(utf8.length) + utf8.length;
  }

  private static void writeString(ProtoBuffer buffer, int tag, byte[] utf8) {
    if (utf8.length > 0) {
      buffer.writeByte(tag);
      buffer.writeVarint(utf8.length);
      buffer.write(utf8);
    }
  }
}

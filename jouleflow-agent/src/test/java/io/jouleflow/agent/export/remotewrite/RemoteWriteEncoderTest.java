package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.export.remotewrite.proto.Label;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.export.remotewrite.proto.TimeSeries;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import io.jouleflow.api.Series;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RemoteWriteEncoderTest {

  private static final List<Series> SERIES =
      List.of(
          Series.energy("rapl", "package", "0"),
          Series.of("pyjoules_remote_write_energy_uj", Map.of("zone", "a", "Alpha", "é-ü")),
          Series.of("x", Map.of()));

  /** Prometheus' stale marker: a NaN whose bits the encoder must keep as they are. */
  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  private final byte[][] labels =
      SERIES.stream().map(RemoteWriteEncoder::labels).toArray(byte[][]::new);

  @Test
  void writesWhatTheGeneratedTypesWriteByteForByte() {
    Random random = new Random(42);
    SampleBlock block = new SampleBlock();
    double[] values = {0.0, -0.0, 1.5, Double.longBitsToDouble(STALE_NAN_BITS), 1e300};
    long[] timestamps = {0, 1, -5, 1_764_000_000_123L, Long.MAX_VALUE};
    for (int i = 0; i < 200; i++) {
      block.add(
          random.nextInt(SERIES.size()),
          timestamps[random.nextInt(timestamps.length)],
          i < 50 ? values[i % values.length] : random.nextDouble() * 1e6);
    }

    ProtoBuffer encoded = new RemoteWriteEncoder().encode(block, slot -> labels[slot]);

    assertThat(encoded.toByteArray()).isEqualTo(generated(block).toByteArray());
  }

  @Test
  void sortsLabelsByNameInByteOrderSoTheMetricNameComesFirstForLowerCaseNames() throws Exception {
    assertThat(TimeSeries.parseFrom(labels[0]).getLabelsList())
        .extracting(Label::getName, Label::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("__name__", "jouleflow_energy_joules_total"),
            org.assertj.core.groups.Tuple.tuple("device", "0"),
            org.assertj.core.groups.Tuple.tuple("domain", "package"),
            org.assertj.core.groups.Tuple.tuple("source", "rapl"));
    assertThat(TimeSeries.parseFrom(labels[1]).getLabelsList())
        .extracting(Label::getName)
        .containsExactly("Alpha", "__name__", "zone");
    assertThat(TimeSeries.parseFrom(labels[1]).getLabels(0).getValue()).isEqualTo("é-ü");
  }

  @Test
  void externalLabelsJoinInNameOrderAndASeriesOwnLabelOfTheSameNameWins() throws Exception {
    Series series = Series.of("x", Map.of("instance", "own", "zone", "a"));
    byte[] encoded =
        RemoteWriteEncoder.labels(series, Map.of("instance", "host-1", "dc", "eu", "A", "b"));

    assertThat(TimeSeries.parseFrom(encoded).getLabelsList())
        .extracting(label -> label.getName() + "=" + label.getValue())
        .containsExactly("A=b", "__name__=x", "dc=eu", "instance=own", "zone=a");
  }

  @Test
  void anEmptyBlockIsAnEmptyRequest() {
    ProtoBuffer encoded = new RemoteWriteEncoder().encode(new SampleBlock(), slot -> labels[slot]);

    assertThat(encoded.size()).isZero();
  }

  @Test
  void varintSizesMatchTheEncoding() {
    ProtoBuffer buffer = new ProtoBuffer(1);
    for (long value : new long[] {0, 1, 127, 128, 16_383, 16_384, 1L << 62, -1, Long.MAX_VALUE}) {
      buffer.clear();
      buffer.ensure(10);
      buffer.writeVarint(value);
      assertThat(buffer.size()).as("varint of %d", value).isEqualTo(ProtoBuffer.varintSize(value));
    }
  }

  private WriteRequest generated(SampleBlock block) {
    WriteRequest.Builder request = WriteRequest.newBuilder();
    for (int i = 0; i < block.seriesCount(); i++) {
      int slot = block.slot(i);
      TimeSeries.Builder series = TimeSeries.newBuilder();
      for (String[] label : labelPairs(SERIES.get(slot))) {
        series.addLabels(Label.newBuilder().setName(label[0]).setValue(label[1]));
      }
      for (int s = 0; s < block.count(slot); s++) {
        series.addSamples(
            Sample.newBuilder()
                .setTimestamp(block.timestamps(slot)[s])
                .setValue(block.values(slot)[s]));
      }
      request.addTimeseries(series);
    }
    return request.build();
  }

  private static List<String[]> labelPairs(Series series) {
    java.util.TreeMap<String, String> all = new java.util.TreeMap<>(series.labels());
    all.put("__name__", series.metric());
    return all.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList();
  }
}

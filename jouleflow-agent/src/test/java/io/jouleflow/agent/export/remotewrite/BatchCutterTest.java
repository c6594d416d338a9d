package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCutterTest {

  private static final long T0 = 1_764_000_000_000L;

  /** Prometheus' stale marker: no record may carry it to a receiver. */
  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  private static final long CANONICAL_NAN_BITS = Double.doubleToRawLongBits(Double.NaN);
  private static final List<Series> COLUMNS =
      List.of(
          Series.energy("rapl", "package", "0"),
          Series.energy("rapl", "core", "0"),
          Series.energy("rapl", "dram", "0"));

  private final SampleRing rows = new SampleRing(64, COLUMNS.size());
  private final RecordRing records = new RecordRing(64);
  private final SeriesRegistry registry = new SeriesRegistry(10);
  private final ShipperStats stats = new ShipperStats();
  private final List<WriteRequest> sent = new ArrayList<>();

  @Test
  void cutsRowsIntoBatchesOfAtMostMaxSamplesEvenMidRow() throws Exception {
    for (int row = 0; row < 5; row++) {
      rows.append(T0 + row * 100L, new double[] {row, row + 0.1, row + 0.2});
    }

    cutter(4).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).extracting(Requests::samples).containsExactly(4, 4, 4, 3);
    Map<String, List<Sample>> bySeries = Requests.bySeries(sent);
    assertThat(bySeries).hasSize(3);
    bySeries.values().forEach(samples -> assertThat(samples).hasSize(5));
    assertThat(bySeries.values())
        .allSatisfy(
            samples ->
                assertThat(samples)
                    .extracting(Sample::getTimestamp)
                    .containsExactly(T0, T0 + 100, T0 + 200, T0 + 300, T0 + 400));
  }

  @Test
  void skipsNaNRowValuesAndCountsThemNowhere() throws Exception {
    rows.append(T0, new double[] {1, Double.NaN, 3});
    rows.append(T0 + 100, new double[] {Double.NaN, Double.NaN, Double.NaN});
    rows.append(T0 + 200, new double[] {4, 5, 6});

    cutter(100).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).hasSize(1);
    assertThat(Requests.samples(sent.getFirst())).isEqualTo(5);
    assertThat(stats.samplesDropped()).isZero();
  }

  @Test
  void takesEachRowOnceAcrossCuts() throws Exception {
    BatchCutter cutter = cutter(100);
    rows.append(T0, new double[] {1, 2, 3});
    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));
    rows.append(T0 + 100, new double[] {4, 5, 6});
    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));
    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).extracting(Requests::samples).containsExactly(3, 3);
  }

  @Test
  void rowsStampedAtOrBeforeThePreviousOneStillReachTheReceiverAscending() throws Exception {
    rows.append(T0 + 100, new double[] {1, 2, 3});
    rows.append(T0 + 100, new double[] {4, 5, 6});
    rows.append(T0 + 50, new double[] {7, 8, 9});
    rows.append(T0 + 200, new double[] {10, 11, 12});

    cutter(100).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(Requests.samples(sent.getFirst())).isEqualTo(12);
    assertThat(Requests.bySeries(sent).values())
        .allSatisfy(
            samples ->
                assertThat(samples)
                    .extracting(Sample::getTimestamp)
                    .containsExactly(T0 + 100, T0 + 101, T0 + 102, T0 + 200));
    assertThat(stats.samplesDropped()).isZero();
  }

  @Test
  void countsRowsTheRingOverwroteBeforeTheShipperReadThem() throws Exception {
    SampleRing small = new SampleRing(4, COLUMNS.size());
    BatchCutter cutter =
        new BatchCutter(new Feed(small, COLUMNS, records, registry), 100, Map.of(), stats);
    for (int row = 0; row < 10; row++) {
      small.append(T0 + row, new double[] {row, row, row});
    }

    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(Requests.samples(sent.getFirst())).isEqualTo(4 * 3);
    assertThat(stats.samplesDropped(DropReason.OVERRUN)).isEqualTo(6 * 3);
  }

  @Test
  void groupsRecordsBySeriesKeepingEachSeriesInRingOrder() throws Exception {
    int a = registry.idOf(Series.of("plugin_a", Map.of("host", "h1")));
    int b = registry.idOf(Series.of("plugin_b", Map.of()));
    records.append(a, T0, 1);
    records.append(b, T0 + 5, 10);
    records.append(a, T0 + 10, 2);
    records.append(b, T0 + 15, Double.NaN);
    records.append(b, T0 + 20, Double.longBitsToDouble(STALE_NAN_BITS));
    records.append(a, T0 + 20, 3);

    cutter(2).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).extracting(Requests::samples).containsExactly(2, 2, 2);
    Map<String, List<Sample>> bySeries = Requests.bySeries(sent);
    assertThat(bySeries.keySet()).containsExactly("__name__=plugin_a,host=h1", "__name__=plugin_b");
    assertThat(bySeries.get("__name__=plugin_a,host=h1"))
        .extracting(Sample::getValue)
        .containsExactly(1.0, 2.0, 3.0);
    assertThat(bySeries.get("__name__=plugin_b"))
        .extracting(s -> Double.doubleToRawLongBits(s.getValue()))
        .containsExactly(Double.doubleToRawLongBits(10), CANONICAL_NAN_BITS, CANONICAL_NAN_BITS);
  }

  private BatchCutter cutter(int maxSamples) {
    return new BatchCutter(new Feed(rows, COLUMNS, records, registry), maxSamples, Map.of(), stats);
  }
}

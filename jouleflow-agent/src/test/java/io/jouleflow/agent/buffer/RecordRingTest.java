package io.jouleflow.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.api.Series;
import org.junit.jupiter.api.Test;

class RecordRingTest {

  @Test
  void readersCopyRecordsInOrderAndCountOverruns() {
    RecordRing ring = new RecordRing(4);
    RingCursor<RecordBatch> cursor = ring.cursor();
    for (int i = 0; i < 6; i++) {
      ring.append(i % 2, 1000L + i, i * 1.5);
    }

    RecordBatch batch = cursor.peek(new RecordBatch());
    cursor.commit(batch.firstSequence(), batch.endSequence());

    assertThat(batch.size()).isEqualTo(4);
    assertThat(batch.firstSequence()).isEqualTo(2);
    assertThat(batch.seriesId(0)).isZero();
    assertThat(batch.timestampMillis(3)).isEqualTo(1005L);
    assertThat(batch.value(3)).isEqualTo(7.5);
    assertThat(cursor.dropped()).isEqualTo(2);
  }

  @Test
  void theRegistryGivesStableIdsUpToItsLimit() {
    SeriesRegistry registry = new SeriesRegistry(2);
    Series a = Series.energy("dummy", "package", "0");
    Series b = Series.energy("dummy", "dram", "0");
    assertThat(registry.idOf(a)).isZero();
    assertThat(registry.idOf(b)).isEqualTo(1);
    assertThat(registry.idOf(Series.energy("dummy", "package", "0"))).isZero();
    assertThat(registry.idOf(Series.energy("dummy", "core", "0"))).isEqualTo(SeriesRegistry.FULL);
    assertThat(registry.series(1)).isEqualTo(b);
    assertThat(registry.size()).isEqualTo(2);
  }

  @Test
  void refusesARecordNotAfterTheLastOneOfItsSeriesAndKeepsTheOthersGoing() {
    RecordRing ring = new RecordRing(16);
    assertThat(ring.append(0, 1000L, 1)).isTrue();
    assertThat(ring.append(0, 1000L, 2)).isFalse();
    assertThat(ring.append(0, 999L, 3)).isFalse();
    assertThat(ring.append(1, 999L, 4)).isTrue();
    assertThat(ring.append(0, 1001L, 5)).isTrue();

    RecordBatch batch = ring.cursor().peek(new RecordBatch());

    assertThat(batch.size()).isEqualTo(3);
    assertThat(batch.value(0)).isEqualTo(1);
    assertThat(batch.value(1)).isEqualTo(4);
    assertThat(batch.value(2)).isEqualTo(5);
  }

  @Test
  void storesEveryNanAsThePlainNanSoNoRecordCarriesTheStaleMarker() {
    RecordRing ring = new RecordRing(4);
    ring.append(0, 1000L, Double.longBitsToDouble(0x7ff0000000000002L));

    RecordBatch batch = ring.cursor().peek(new RecordBatch());

    assertThat(Double.doubleToRawLongBits(batch.value(0)))
        .isEqualTo(Double.doubleToRawLongBits(Double.NaN));
  }

  @Test
  void aRangeIsReadInBoundedChunksUpToItsEnd() {
    RecordRing ring = new RecordRing(4);
    for (int i = 1; i <= 6; i++) { // the first two are overwritten
      ring.append(i % 2, i * 1000L, i);
    }

    RecordBatch chunk = ring.copyRange(0, 5, 2, new RecordBatch());

    assertThat(chunk.firstSequence()).isEqualTo(2);
    assertThat(chunk.size()).isEqualTo(2);
    assertThat(chunk.value(0)).isEqualTo(3);
    assertThat(chunk.seriesId(1)).isZero();
    assertThat(ring.copyRange(chunk.endSequence(), 5, 2, chunk).size()).isEqualTo(1);
    assertThat(RecordRing.bytesFor(1000)).isEqualTo(1024L * 20);
  }
}

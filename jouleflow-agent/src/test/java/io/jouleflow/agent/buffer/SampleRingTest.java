package io.jouleflow.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleRingTest {

  @Test
  void capacityIsRoundedUpToAPowerOfTwo() {
    assertThat(new SampleRing(1000, 6).capacity()).isEqualTo(1024);
    assertThat(new SampleRing(1024, 6).capacity()).isEqualTo(1024);
    assertThat(new SampleRing(1, 6).capacity()).isEqualTo(1);
    assertThatThrownBy(() -> new SampleRing(0, 6))
        .hasMessageContaining("capacity must be in 1..16777216");
  }

  @Test
  void twoConsumersEachReadEveryRowWithoutStealingFromTheOther() {
    SampleRing ring = new SampleRing(8, 2);
    RingCursor<RowBatch> a = ring.cursor();
    RingCursor<RowBatch> b = ring.cursor();
    append(ring, 1, 2, 3);

    RowBatch readByA = a.peek(new RowBatch());
    a.commit(readByA.firstSequence(), readByA.endSequence());
    append(ring, 4);
    RowBatch secondByA = a.peek(new RowBatch());
    RowBatch readByB = b.peek(new RowBatch());

    assertThat(timestamps(readByA)).containsExactly(1000L, 2000L, 3000L);
    assertThat(timestamps(secondByA)).containsExactly(4000L);
    assertThat(timestamps(readByB)).containsExactly(1000L, 2000L, 3000L, 4000L);
    assertThat(readByB.value(3, 0)).isEqualTo(4.0);
    assertThat(readByB.value(3, 1)).isEqualTo(40.0);
  }

  @Test
  void aPeekWithoutCommitIsReadAgain() {
    SampleRing ring = new SampleRing(8, 2);
    RingCursor<RowBatch> cursor = ring.cursor();
    append(ring, 1, 2);

    cursor.peek(new RowBatch());
    append(ring, 3);

    assertThat(timestamps(cursor.peek(new RowBatch()))).containsExactly(1000L, 2000L, 3000L);
  }

  @Test
  void aConsumerThatFallsBehindLosesItsOldestRowsAndCountsThem() {
    SampleRing ring = new SampleRing(4, 2);
    RingCursor<RowBatch> slow = ring.cursor();
    RingCursor<RowBatch> fast = ring.cursor();
    append(ring, 1, 2, 3);
    RowBatch fastBatch = fast.peek(new RowBatch());
    fast.commit(fastBatch.firstSequence(), fastBatch.endSequence());
    append(ring, 4, 5, 6, 7);

    RowBatch slowBatch = slow.peek(new RowBatch());
    slow.commit(slowBatch.firstSequence(), slowBatch.endSequence());
    RowBatch fastSecond = fast.peek(new RowBatch());
    fast.commit(fastSecond.firstSequence(), fastSecond.endSequence());

    assertThat(timestamps(slowBatch)).containsExactly(4000L, 5000L, 6000L, 7000L);
    assertThat(slow.dropped()).isEqualTo(3);
    assertThat(timestamps(fastSecond)).containsExactly(4000L, 5000L, 6000L, 7000L);
    assertThat(fast.dropped()).isZero();
  }

  @Test
  void anEmptyRingGivesAnEmptyBatch() {
    SampleRing ring = new SampleRing(4, 1);
    RowBatch batch = ring.cursor().peek(new RowBatch());
    assertThat(batch.size()).isZero();
    assertThat(batch.firstSequence()).isZero();
    assertThat(ring.published()).isEqualTo(-1);
  }

  @Test
  void copyLatestGivesTheNewestRows() {
    SampleRing ring = new SampleRing(4, 2);
    append(ring, 1, 2, 3, 4, 5, 6);
    assertThat(timestamps(ring.copyLatest(2, new RowBatch()))).containsExactly(5000L, 6000L);
  }

  private static void append(SampleRing ring, int... seconds) {
    for (int second : seconds) {
      ring.append(second * 1000L, new double[] {second, second * 10.0});
    }
  }

  private static long[] timestamps(RowBatch batch) {
    long[] timestamps = new long[batch.size()];
    for (int row = 0; row < batch.size(); row++) {
      timestamps[row] = batch.timestampMillis(row);
    }
    return timestamps;
  }

  @Test
  void aRowStampedAtOrBeforeThePreviousOneIsMovedOneMillisecondAfterIt() {
    SampleRing ring = new SampleRing(8, 1);
    assertThat(ring.append(1000L, new double[] {1})).isEqualTo(1000L);
    assertThat(ring.append(1000L, new double[] {2})).isEqualTo(1001L);
    assertThat(ring.append(900L, new double[] {3})).isEqualTo(1002L);
    assertThat(ring.append(2000L, new double[] {4})).isEqualTo(2000L);

    RowBatch batch = ring.cursor().peek(new RowBatch());

    assertThat(batch.timestampMillis(2)).isEqualTo(1002L);
    assertThat(batch.value(2, 0)).isEqualTo(3);
  }

  @Test
  void aColumnIsReadInBoundedChunksUpToTheEndAndSkipsOverwrittenRows() {
    SampleRing ring = new SampleRing(4, 2);
    append(ring, 1, 2, 3, 4, 5, 6); // 1 and 2 are overwritten

    RowBatch chunk = ring.copyColumn(0, 5, 1, 2, new RowBatch());

    assertThat(chunk.firstSequence()).isEqualTo(2);
    assertThat(timestamps(chunk)).containsExactly(3000L, 4000L);
    assertThat(chunk.value(1, 0)).isEqualTo(40.0);
    ring.copyColumn(chunk.endSequence(), 5, 1, 2, chunk);
    assertThat(timestamps(chunk)).containsExactly(5000L); // the end is not included
    assertThat(ring.copyColumn(5, 5, 0, 2, chunk).size()).isZero();
  }

  @Test
  void theHeapOfARingIsATimestampAndTheValuesPerRowRoundedUpToAPowerOfTwo() {
    assertThat(SampleRing.bytesFor(1000, 6)).isEqualTo(1024L * (8 + 6 * 8));
  }
}

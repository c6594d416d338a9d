package io.jouleflow.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A writer laps a small ring as fast as it can while a reader copies from it: every row the reader
 * gets must be whole (all values equal its timestamp) and consecutive. Rows overwritten mid-copy
 * must be dropped, never handed out torn.
 */
class RingConcurrencyTest {

  private static final int WIDTH = 8;
  private static final long ROWS = 2_000_000;

  @Test
  void readersNeverSeeATornRowWhileTheWriterLapsTheRing() throws Exception {
    SampleRing ring = new SampleRing(64, WIDTH);
    // Before the writer starts, so every row is either read or counted as dropped.
    RingCursor<RowBatch> cursor = ring.cursor();
    AtomicBoolean done = new AtomicBoolean();
    Thread writer =
        Thread.ofPlatform()
            .name("test-writer")
            .start(
                () -> {
                  double[] row = new double[WIDTH];
                  for (long t = 0; t < ROWS; t++) {
                    java.util.Arrays.fill(row, t);
                    ring.append(t, row);
                  }
                  done.set(true);
                });
    RowBatch batch = new RowBatch();
    long rowsSeen = 0;
    long lastTimestamp = -1;
    while (!done.get() || cursor.next() <= ring.published()) {
      cursor.peek(batch);
      for (int row = 0; row < batch.size(); row++) {
        long timestamp = batch.timestampMillis(row);
        assertThat(timestamp).isEqualTo(batch.firstSequence() + row).isGreaterThan(lastTimestamp);
        for (int column = 0; column < WIDTH; column++) {
          assertThat(batch.value(row, column)).isEqualTo((double) timestamp);
        }
        lastTimestamp = timestamp;
      }
      rowsSeen += batch.size();
      cursor.commit(batch.firstSequence(), batch.endSequence());
    }
    writer.join();
    assertThat(rowsSeen + cursor.dropped()).isEqualTo(ROWS);
    assertThat(lastTimestamp).isEqualTo(ROWS - 1);
  }
}

package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RingCursor;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One browser's live stream of watts: its own cursor in the sample ring, so watching moves nothing
 * a scraper or the shipper reads. It starts after the newest row and turns every row after it into
 * watts per series, one server-sent event per batch. It holds one batch of at most {@link
 * #MAX_ROWS} rows whatever the browser's speed: a reader more than that behind (a slow browser, a
 * stalled network) skips ahead to the newest rows, and the rows skipped are counted. Not
 * thread-safe: one handler thread owns it.
 */
final class LiveStream {

  /** The most rows one event carries, and so how far behind a reader may fall before skipping. */
  static final int MAX_ROWS = 128;

  private final SampleRing ring;
  private final RingCursor<RowBatch> cursor;
  private final LiveStreams streams;
  private final RowBatch batch = new RowBatch();
  private final LiveWatts watts;
  private final StringBuilder event = new StringBuilder(256);
  private final long droppedBefore;
  private long skipped;

  LiveStream(SampleRing ring, LiveStreams streams, Duration interval) {
    this.ring = ring;
    this.streams = streams;
    this.cursor = ring.cursor();
    this.watts = new LiveWatts(ring.width(), interval);
    long newest = ring.published();
    if (newest >= 0) {
      ring.copyFrom(newest, 1, batch);
      for (int row = 0; row < batch.size(); row++) {
        watts.observe(batch, row);
      }
      watts.rebase();
      cursor.commit(newest + 1, newest + 1);
    }
    droppedBefore = cursor.dropped();
  }

  /**
   * The {@code watts} event of the rows since the last call: {@code {"t":[ms,…],"w":[[W per
   * series],…],"skipped":N}}, N the rows this stream skipped so far; null when no row arrived.
   */
  @Nullable String next() {
    long newest = ring.published();
    long from = cursor.next();
    if (newest < from) {
      return null;
    }
    ring.copyFrom(Math.max(from, newest - MAX_ROWS + 1), MAX_ROWS, batch);
    if (batch.size() == 0) {
      return null;
    }
    cursor.commit(batch.firstSequence(), batch.endSequence());
    long skippedNow = cursor.dropped() - droppedBefore;
    streams.skipped(skippedNow - skipped);
    skipped = skippedNow;
    return encode();
  }

  /** Rows this stream skipped: it fell behind, or the ring overwrote them first. */
  long skipped() {
    return skipped;
  }

  private String encode() {
    event.setLength(0);
    event.append("event: watts\ndata: {\"t\":[");
    for (int row = 0; row < batch.size(); row++) {
      event.append(row == 0 ? "" : ",").append(batch.timestampMillis(row));
    }
    event.append("],\"w\":[");
    for (int row = 0; row < batch.size(); row++) {
      event.append(row == 0 ? "" : ",");
      watts.observe(batch, row);
      watts.emit(event);
    }
    return event.append("],\"skipped\":").append(skipped).append("}\n\n").toString();
  }
}

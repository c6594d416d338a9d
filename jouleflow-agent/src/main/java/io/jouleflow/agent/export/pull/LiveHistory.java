package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import java.time.Duration;

/**
 * The recent past a new stream starts its chart with: the watts of the last {@link #WINDOW} the
 * ring still holds, in at most {@link #POINTS} points (each the mean over its rows). Read in chunks
 * of {@link #CHUNK} rows, so it costs one small batch however large the ring.
 */
final class LiveHistory {

  static final Duration WINDOW = Duration.ofMinutes(5);
  static final int POINTS = 300;
  private static final int CHUNK = 256;

  private LiveHistory() {}

  /** {@code {"t":[ms,…],"w":[[W per series],…]}} for the rows up to the newest now. */
  static String json(SampleRing ring, Duration interval) {
    long newest = ring.published();
    long windowRows = Math.max(1, WINDOW.toNanos() / Math.max(1, interval.toNanos()));
    long rows = Math.min(Math.min(newest + 1, ring.capacity()), windowRows);
    long perPoint = Math.max(1, (rows + POINTS - 1) / POINTS);
    StringBuilder times = new StringBuilder(POINTS * 14);
    StringBuilder values = new StringBuilder(POINTS * 8 * (ring.width() + 1));
    LiveWatts watts = new LiveWatts(ring.width(), interval);
    RowBatch batch = new RowBatch();
    long next = newest - rows + 1;
    long taken = 0;
    while (rows > 0 && next <= newest) {
      ring.copyFrom(next, (int) Math.min(CHUNK, newest - next + 1), batch);
      for (int row = 0; row < batch.size(); row++) {
        watts.observe(batch, row);
        if (taken++ == 0) {
          watts.rebase();
        } else if (taken % perPoint == 1
            || perPoint == 1
            || batch.firstSequence() + row == newest) {
          String comma = times.isEmpty() ? "" : ",";
          times.append(comma).append(batch.timestampMillis(row));
          values.append(comma);
          watts.emit(values);
        }
      }
      next = Math.max(next + 1, batch.endSequence());
    }
    return "{\"t\":[" + times + "],\"w\":[" + values + "]}";
  }
}

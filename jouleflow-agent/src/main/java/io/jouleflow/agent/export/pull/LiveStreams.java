package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.metrics.SelfMetric;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live page's open event streams, at most {@link #MAX_STREAMS}. A constant, not a setting: the
 * page is for people looking at one host, and a handful of tabs is plenty. Each stream holds a
 * connection for its lifetime, so the cap also keeps streams to a small part of the web server's 64
 * connections: a scraper always finds room, however many browsers (or hostile clients) ask for
 * streams. A stream beyond the cap is answered 503 and costs nothing after.
 */
final class LiveStreams {

  /** How many streams may be open at once. */
  static final int MAX_STREAMS = 8;

  private final Semaphore slots;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong skippedRows = new AtomicLong();
  private final int max;

  LiveStreams() {
    this(MAX_STREAMS);
  }

  LiveStreams(int max) {
    this.max = max;
    this.slots = new Semaphore(max);
  }

  /** Takes a slot for a new stream; false (counted) when all are taken. */
  boolean tryOpen() {
    if (slots.tryAcquire()) {
      return true;
    }
    refused.incrementAndGet();
    return false;
  }

  /** Gives back the slot of a stream that ended. */
  void closed() {
    slots.release();
  }

  /** Counts rows a stream skipped to catch up (a slow reader) or lost to the ring. */
  void skipped(long rows) {
    if (rows > 0) {
      skippedRows.addAndGet(rows);
    }
  }

  int open() {
    return max - slots.availablePermits();
  }

  int max() {
    return max;
  }

  long refused() {
    return refused.get();
  }

  long skippedRows() {
    return skippedRows.get();
  }

  /** The streams' self-metrics. */
  List<SelfMetric> metrics() {
    return List.of(
        SelfMetric.gauge(
            "jouleflow_live_streams",
            "Live page event streams open, at most " + max + ".",
            List.of(SelfMetric.Point.of(open()))),
        SelfMetric.counter(
            "jouleflow_live_streams_refused",
            "Live page event streams refused (503) because " + max + " were open.",
            List.of(SelfMetric.Point.of(refused()))),
        SelfMetric.counter(
            "jouleflow_live_rows_skipped",
            "Sample rows live streams skipped to catch up with the newest (a slow browser).",
            List.of(SelfMetric.Point.of(skippedRows()))));
  }
}

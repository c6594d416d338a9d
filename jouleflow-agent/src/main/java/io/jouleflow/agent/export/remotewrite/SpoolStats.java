package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetric.Point;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the push spool ({@code SPOOL_DIR}) holds and has done, for the self-metrics: written by the
 * shipper thread, safe to read from any thread. All zero without a spool.
 */
public final class SpoolStats {

  private final AtomicLong corrupt = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile long bytes;
  private volatile long requests;
  private volatile boolean degraded;

  SpoolStats() {}

  /** Bytes in the spool's files. */
  public long bytes() {
    return bytes;
  }

  /** Requests the spool holds (on disk) that the receiver does not have yet. */
  public long requests() {
    return requests;
  }

  /** Records or files skipped as torn or corrupt. */
  public long corrupt() {
    return corrupt.get();
  }

  /** Requests dropped, oldest first, to stay within {@code SPOOL_MAX_BYTES}. */
  public long requestsDropped() {
    return dropped.get();
  }

  /** Bytes written to the spool since the start. */
  public long bytesWritten() {
    return written.get();
  }

  /** Whether the spool cannot be written and requests wait in memory instead. */
  public boolean degraded() {
    return degraded;
  }

  /** The figures as self-metric families; counter names without {@code _total}. */
  public List<SelfMetric> metrics() {
    return List.of(
        SelfMetric.gauge(
            "jouleflow_spool_bytes",
            "Bytes in the push spool's files (SPOOL_DIR).",
            List.of(Point.of(bytes()))),
        SelfMetric.gauge(
            "jouleflow_spool_requests",
            "Remote-write requests held in the push spool, not yet accepted by the receiver.",
            List.of(Point.of(requests()))),
        SelfMetric.counter(
            "jouleflow_spool_corrupt_records",
            "Push spool records or files skipped as torn or corrupt.",
            List.of(Point.of((double) corrupt()))),
        SelfMetric.counter(
            "jouleflow_spool_dropped_requests",
            "Requests dropped, oldest first, to keep the push spool within SPOOL_MAX_BYTES.",
            List.of(Point.of((double) requestsDropped()))),
        SelfMetric.gauge(
            "jouleflow_spool_degraded",
            "1 while the push spool cannot be written and requests wait in memory instead.",
            List.of(Point.of(degraded() ? 1 : 0))),
        SelfMetric.counter(
            "jouleflow_spool_written_bytes",
            "Bytes written to the push spool.",
            List.of(Point.of((double) bytesWritten()))));
  }

  void recordHeld(long bytes, long requests) {
    this.bytes = bytes;
    this.requests = requests;
  }

  void recordCorrupt() {
    corrupt.incrementAndGet();
  }

  void recordDropped(long requests) {
    dropped.addAndGet(requests);
  }

  void recordWritten(long bytes) {
    written.addAndGet(bytes);
  }

  void recordDegraded(boolean degraded) {
    this.degraded = degraded;
  }
}

package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.RingCursor;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.WorkloadTable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One scraper of {@code /metrics}, with its own cursors in the rows ring, the records ring and the
 * rows of the energy per workload. It holds positions and counters only, never a copy of what it
 * reads: a scrape streams its range straight from the rings (see {@link ExpositionWriter}).
 *
 * <p>A response written to the socket is not yet a response read by the scraper: a scrape that
 * times out or is cut off may have filled only the kernel's buffers. So a served range stays
 * <em>pending</em> until the scraper proves it read the whole body: an HTTP/1.1 client only sends
 * its next request on the same connection after reading the previous body to its end. A pending
 * range is committed when the next request arrives on the same connection, or at once when the
 * request asked for {@code Connection: close}. Otherwise the next scrape serves it again: a scraper
 * may see a sample twice (Prometheus drops the repeat), never miss one.
 */
final class Consumer {

  final Object lock = new Object();
  final String name;
  private final SampleRing rowRing;
  private final RecordRing recordRing;
  private final RingCursor<RowBatch> rowCursor;
  private final RingCursor<RecordBatch> recordCursor;
  private final WorkloadTable workloads;
  private final RingCursor<RowBatch> workloadCursor;
  private final int width;
  private final AtomicLong complete = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private long lostWhileServed;
  private long workloadSamplesDropped;
  private volatile long droppedSamples;
  private volatile long lastSeenNanos;
  private volatile long nextRow;
  private @Nullable Pending pending;

  Consumer(String name, Feed feed, long nowNanos) {
    this.name = name;
    this.rowRing = feed.rows();
    this.recordRing = feed.records();
    this.rowCursor = rowRing.cursor();
    this.recordCursor = recordRing.cursor();
    this.workloads = feed.workloads();
    this.workloadCursor = workloads.ring().cursor();
    this.width = rowRing.width();
    this.lastSeenNanos = nowNanos;
    this.nextRow = rowCursor.next();
  }

  /** Called with {@link #lock} held when a request arrives on {@code connection}. */
  void arrived(String connection, long nowNanos) {
    lastSeenNanos = nowNanos;
    Pending previous = pending;
    pending = null;
    if (previous != null && previous.connection.equals(connection)) {
      commit(previous);
    }
  }

  /**
   * The entries after this consumer's cursors, up to the newest now: what a scrape serves. Called
   * with {@link #lock} held.
   */
  ScrapeRange unread() {
    long endRow = rowRing.published() + 1;
    long endRecord = recordRing.published() + 1;
    SampleRing workloadRing = workloads.ring();
    long endWorkloadRow = workloadRing.published() + 1;
    return new ScrapeRange(
        Math.max(rowCursor.next(), endRow - rowRing.capacity()),
        endRow,
        Math.max(recordCursor.next(), endRecord - recordRing.capacity()),
        endRecord,
        Math.max(workloadCursor.next(), endWorkloadRow - workloadRing.capacity()),
        endWorkloadRow);
  }

  /**
   * The response serving {@code range} was written completely: {@code samples} samples, {@code
   * lost} more overwritten while it was written. Called with {@link #lock} held.
   */
  void written(
      String connection, boolean connectionClosing, ScrapeRange range, long samples, long lost) {
    complete.incrementAndGet();
    served.addAndGet(samples);
    Pending delivered = new Pending(connection, range, lost);
    if (connectionClosing) {
      commit(delivered);
    } else {
      pending = delivered;
    }
  }

  /** The response could not be written; its samples will be served again. */
  void failed() {
    failed.incrementAndGet();
  }

  /** The sequence of the next row this consumer has not read, without taking its lock. */
  long nextRow() {
    return nextRow;
  }

  long lastSeenNanos() {
    return lastSeenNanos;
  }

  long completeScrapes() {
    return complete.get();
  }

  long failedScrapes() {
    return failed.get();
  }

  long samplesServed() {
    return served.get();
  }

  /**
   * Samples this consumer lost because the buffers overwrote them before it read them, or while a
   * response it then read was being written.
   */
  long droppedSamples() {
    return droppedSamples;
  }

  private void commit(Pending delivered) {
    ScrapeRange range = delivered.range;
    rowCursor.commit(range.firstRow(), range.endRow());
    nextRow = rowCursor.next();
    recordCursor.commit(range.firstRecord(), range.endRecord());
    long workloadRowsDropped = workloadCursor.dropped();
    workloadCursor.commit(range.firstWorkloadRow(), range.endWorkloadRow());
    lostWhileServed += delivered.lost;
    // a lost workload row counts once per column that had an owner when it was noticed
    workloadSamplesDropped +=
        (workloadCursor.dropped() - workloadRowsDropped) * workloads.ownedColumns();
    droppedSamples =
        rowCursor.dropped() * width
            + recordCursor.dropped()
            + workloadSamplesDropped
            + lostWhileServed;
  }

  private record Pending(String connection, ScrapeRange range, long lost) {}
}

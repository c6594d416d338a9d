package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RingCursor;
import io.jouleflow.agent.buffer.RowBatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One scraper of {@code /metrics}, with its own cursors in the rows ring and the records ring.
 *
 * <p>A response written to the socket is not yet a response read by the scraper: a scrape that
 * times out or is cut off may have filled only the kernel's buffers. So a served batch stays
 * <em>pending</em> until the scraper proves it read the whole body: an HTTP/1.1 client only sends
 * its next request on the same connection after reading the previous body to its end. A pending
 * batch is committed when the next request arrives on the same connection, or at once when the
 * request asked for {@code Connection: close}. Otherwise the next scrape serves it again: a scraper
 * may see a sample twice (Prometheus drops the repeat), never miss one.
 */
final class Consumer {

  final Object lock = new Object();
  final String name;
  final RowBatch rows = new RowBatch();
  final RecordBatch records = new RecordBatch();
  final AsciiBuffer buffer = new AsciiBuffer(4096);
  private final RingCursor<RowBatch> rowCursor;
  private final RingCursor<RecordBatch> recordCursor;
  private final int width;
  private final AtomicLong complete = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private volatile long droppedSamples;
  private volatile long lastSeenNanos;
  private @Nullable Pending pending;

  Consumer(String name, Feed feed, long nowNanos) {
    this.name = name;
    this.rowCursor = feed.rows().cursor();
    this.recordCursor = feed.records().cursor();
    this.width = feed.rows().width();
    this.lastSeenNanos = nowNanos;
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
   * Copies the rows and records after this consumer's cursors into {@link #rows} and {@link
   * #records}. Called with {@link #lock} held.
   */
  void readUnread() {
    rowCursor.peek(rows);
    recordCursor.peek(records);
  }

  /**
   * The response carrying what {@link #readUnread} read was written completely. Called with {@link
   * #lock} held.
   */
  void written(String connection, boolean connectionClosing, long samples) {
    complete.incrementAndGet();
    served.addAndGet(samples);
    Pending delivered =
        new Pending(
            connection,
            rows.firstSequence(),
            rows.endSequence(),
            records.firstSequence(),
            records.endSequence());
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

  /** Samples this consumer lost because the buffers overwrote them before it read them. */
  long droppedSamples() {
    return droppedSamples;
  }

  private void commit(Pending delivered) {
    rowCursor.commit(delivered.firstRow, delivered.endRow);
    recordCursor.commit(delivered.firstRecord, delivered.endRecord);
    droppedSamples = rowCursor.dropped() * width + recordCursor.dropped();
  }

  private record Pending(
      String connection, long firstRow, long endRow, long firstRecord, long endRecord) {}
}

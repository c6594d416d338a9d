package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.sampling.RingCursor;
import io.jouleflow.agent.sampling.RowBatch;
import io.jouleflow.agent.sampling.SampleRing;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One scraper of {@code /metrics}, with its own cursor in the ring.
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
  final RowBatch batch = new RowBatch();
  final AsciiBuffer buffer = new AsciiBuffer(4096);
  private final RingCursor<RowBatch> cursor;
  private final AtomicLong complete = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private volatile long droppedRows;
  private volatile long lastSeenNanos;
  private @Nullable Pending pending;

  Consumer(String name, SampleRing ring, long nowNanos) {
    this.name = name;
    this.cursor = new RingCursor<>(ring);
    this.lastSeenNanos = nowNanos;
  }

  /** Called with {@link #lock} held when a request arrives on {@code connection}. */
  void arrived(String connection, long nowNanos) {
    lastSeenNanos = nowNanos;
    Pending previous = pending;
    pending = null;
    if (previous != null && previous.connection.equals(connection)) {
      commit(previous.first, previous.end);
    }
  }

  /** The rows after this consumer's cursor. Called with {@link #lock} held. */
  RowBatch unread() {
    return cursor.peek(batch);
  }

  /** The response carrying {@code rows} was written completely. Called with {@link #lock} held. */
  void written(String connection, boolean connectionClosing, long first, long end, long samples) {
    complete.incrementAndGet();
    served.addAndGet(samples);
    if (connectionClosing) {
      commit(first, end);
    } else {
      pending = new Pending(connection, first, end);
    }
  }

  /** The response could not be written; its rows will be served again. */
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

  long droppedRows() {
    return droppedRows;
  }

  private void commit(long first, long end) {
    cursor.commit(first, end);
    droppedRows = cursor.dropped();
  }

  private record Pending(String connection, long first, long end) {}
}

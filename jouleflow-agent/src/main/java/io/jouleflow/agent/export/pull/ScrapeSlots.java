package io.jouleflow.agent.export.pull;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * A fixed number of scrape workspaces (chunks, an output buffer, a deflater), made on first use and
 * reused: the memory of the scrapes written at the same time is bounded by their number, whatever
 * the number of clients or connections. A scrape waits a while for a free one.
 */
final class ScrapeSlots {

  /** Bytes of text a workspace buffers before it streams them to the response. */
  static final int BUFFER_BYTES = 16 * 1024;

  /** Bytes of deflated output a workspace holds before it writes them to the response. */
  static final int GZIP_BUFFER_BYTES = 8 * 1024;

  private final ArrayBlockingQueue<Slot> free;
  private final AtomicInteger made = new AtomicInteger();
  private final int size;
  private final Duration wait;

  ScrapeSlots(int size, Duration wait) {
    this.size = size;
    this.wait = wait;
    this.free = new ArrayBlockingQueue<>(size);
  }

  /** A free workspace, or null when none came free within the wait. */
  @Nullable Slot acquire() throws InterruptedException {
    Slot slot = free.poll();
    if (slot != null) {
      return slot;
    }
    if (made.incrementAndGet() <= size) {
      return new Slot();
    }
    made.decrementAndGet();
    return free.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  void release(Slot slot) {
    slot.buffer.streamTo(null);
    slot.buffer.clear();
    free.add(slot);
  }

  /** One scrape's workspace. */
  static final class Slot {
    final Chunks chunks = new Chunks();
    final AsciiBuffer buffer = new AsciiBuffer(BUFFER_BYTES);

    /** The deflater's output on its way to the response, for gzipped responses. */
    final byte[] gzipBuffer = new byte[GZIP_BUFFER_BYTES];

    private @Nullable Deflater deflater;

    /** The deflater for gzipped responses, fastest level, raw mode; made on first use. */
    Deflater deflater() {
      Deflater existing = deflater;
      if (existing != null) {
        return existing;
      }
      Deflater made = new Deflater(Deflater.BEST_SPEED, true);
      deflater = made;
      return made;
    }
  }
}

package io.jouleflow.agent.export.remotewrite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Checks a segment's records one after another without keeping them: the header and the body pass
 * through buffers of its own, reused, so that recovery's memory does not grow with the records a
 * spool holds. Knows the last record it checked.
 */
final class SpoolScanner {

  private static final int CHUNK = 64 * 1024;

  private final ByteBuffer header = ByteBuffer.allocate(SpoolFrame.HEADER);
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private final CRC32C crc = new CRC32C();

  /**
   * Checks the record at {@code offset}.
   *
   * @return its size in bytes, or -1 when the bytes up to {@code end} hold no whole, intact record
   *     there (a torn tail, a damaged record, or the end)
   */
  int check(FileChannel channel, long offset, long end) throws IOException {
    if (end - offset < SpoolFrame.HEADER) {
      return -1;
    }
    header.clear();
    SpoolFrame.readFully(channel, header, offset);
    int length = SpoolFrame.bodyLength(header, end - offset);
    if (length < 0) {
      return -1;
    }
    crc.reset();
    crc.update(header.array(), 0, 20);
    long at = offset + SpoolFrame.HEADER;
    int left = length;
    while (left > 0) {
      int step = Math.min(CHUNK, left);
      chunk.clear().limit(step);
      SpoolFrame.readFully(channel, chunk, at);
      chunk.flip();
      crc.update(chunk);
      at += step;
      left -= step;
    }
    return (int) crc.getValue() == header.getInt(20) ? SpoolFrame.HEADER + length : -1;
  }

  /**
   * The sequence number of the record last checked (for an acknowledgement, the first not done).
   */
  long seq() {
    return header.getLong(12);
  }

  /** The samples of the record last checked; 0 for an acknowledgement. */
  int samples() {
    return header.getInt(8);
  }

  boolean isAck() {
    return samples() == 0;
  }
}

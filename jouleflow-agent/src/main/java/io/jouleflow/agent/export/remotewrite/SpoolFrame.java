package io.jouleflow.agent.export.remotewrite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * One record of a spool segment: a request (its compressed body and its samples) or an
 * acknowledgement (no body, no samples: every request before {@code seq} is done with). Framed as a
 * 24-byte header (magic, body length, samples, sequence number, CRC-32C of the header's first 20
 * bytes and the body) and the body, so a torn or damaged record is recognised, never sent.
 *
 * @param seq the request's sequence number; for an acknowledgement, the first request not done
 * @param samples the samples in the body; 0 for an acknowledgement
 * @param body the compressed {@code WriteRequest}; empty for an acknowledgement
 */
record SpoolFrame(long seq, int samples, byte[] body) {

  /** Bytes before the body. */
  static final int HEADER = 24;

  private static final int MAGIC = 0x4A465350; // "JFSP"
  private static final byte[] NO_BODY = new byte[0];

  /** An acknowledgement: every request before {@code firstNotDone} is done with. */
  static SpoolFrame ack(long firstNotDone) {
    return new SpoolFrame(firstNotDone, 0, NO_BODY);
  }

  boolean isAck() {
    return samples == 0;
  }

  /** Bytes the record takes in a segment. */
  int size() {
    return HEADER + body.length;
  }

  /** The header and the body, ready for a gathering write. */
  ByteBuffer[] encode() {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    header.putInt(MAGIC).putInt(body.length).putInt(samples).putLong(seq);
    header.putInt(crc(header.array(), body));
    header.flip();
    return new ByteBuffer[] {header, ByteBuffer.wrap(body)};
  }

  /**
   * The record at {@code offset}, or null when the bytes up to {@code end} hold no whole, intact
   * record there (a torn tail, a damaged record, or the end).
   */
  static @Nullable SpoolFrame read(FileChannel channel, long offset, long end) throws IOException {
    if (end - offset < HEADER) {
      return null;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(channel, header, offset);
    int length = bodyLength(header, end - offset);
    if (length < 0) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    readFully(channel, body, offset + HEADER);
    if (crc(header.array(), body.array()) != header.getInt(20)) {
      return null;
    }
    return new SpoolFrame(header.getLong(12), header.getInt(8), body.array());
  }

  /**
   * The body length {@code header} announces, or -1 when it is no record's header or its body would
   * not fit in the {@code left} bytes from the header on.
   */
  static int bodyLength(ByteBuffer header, long left) {
    int length = header.getInt(4);
    int samples = header.getInt(8);
    if (header.getInt(0) != MAGIC || length < 0 || samples < 0 || length > left - HEADER) {
      return -1;
    }
    return (samples == 0) == (length == 0) ? length : -1;
  }

  private static int crc(byte[] header, byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(header, 0, 20);
    crc.update(body);
    return (int) crc.getValue();
  }

  static void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
    long position = offset;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new IOException("unexpected end of spool segment at " + position);
      }
      position += read;
    }
  }
}

package io.jouleflow.agent.export.pull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip member (RFC 1952) written through a deflater and an output buffer the caller owns and
 * reuses (a scrape slot's): unlike {@link java.util.zip.GZIPOutputStream}, a response allocates
 * neither the deflater's native memory nor an 8 KiB buffer, which under a flood of requests were
 * garbage that young collections copied while the responses were in flight. Closing it finishes the
 * member and closes the underlying stream, not the deflater.
 */
final class GzipStream extends OutputStream {

  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, -1};

  private final OutputStream out;
  private final Deflater deflater;
  private final byte[] buffer;
  private final CRC32 crc = new CRC32();
  private boolean closed;

  /**
   * Starts a gzip member on {@code out}; {@code deflater} must be in raw (nowrap) mode, {@code
   * buffer} takes the deflater's output before it goes to {@code out}.
   */
  GzipStream(OutputStream out, Deflater deflater, byte[] buffer) throws IOException {
    this.out = out;
    this.deflater = deflater;
    this.buffer = buffer;
    deflater.reset();
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("written after close");
    }
    if (length == 0) {
      return;
    }
    crc.update(bytes, offset, length);
    deflater.setInput(bytes, offset, length);
    while (!deflater.needsInput()) {
      drain();
    }
  }

  /** Flushes what was deflated so far; like DeflaterOutputStream's, no sync flush. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      deflater.finish();
      while (!deflater.finished()) {
        drain();
      }
      byte[] trailer = new byte[8];
      writeIntLe(trailer, 0, crc.getValue());
      writeIntLe(trailer, 4, deflater.getBytesRead());
      out.write(trailer);
    } finally {
      out.close();
    }
  }

  private void drain() throws IOException {
    int n = deflater.deflate(buffer, 0, buffer.length);
    if (n > 0) {
      out.write(buffer, 0, n);
    }
  }

  private static void writeIntLe(byte[] into, int at, long value) {
    for (int i = 0; i < 4; i++) {
      into[at + i] = (byte) (value >>> (8 * i));
    }
  }
}

package io.jouleflow.agent.export.pull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A gzip member (RFC 1952) written through a deflater the caller owns and reuses: unlike {@link
 * java.util.zip.GZIPOutputStream}, each response does not allocate (and free) the deflater's native
 * memory. Closing it finishes the member and closes the underlying stream, not the deflater.
 */
final class GzipStream extends DeflaterOutputStream {

  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, -1};

  private final CRC32 crc = new CRC32();
  private boolean trailerWritten;

  /** Starts a gzip member on {@code out}; {@code deflater} must be in raw (nowrap) mode. */
  GzipStream(OutputStream out, Deflater deflater) throws IOException {
    super(out, deflater, 8192);
    deflater.reset();
    out.write(HEADER);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    super.write(bytes, offset, length);
    crc.update(bytes, offset, length);
  }

  @Override
  public void finish() throws IOException {
    super.finish();
    if (!trailerWritten) {
      trailerWritten = true;
      long size = def.getBytesRead();
      byte[] trailer = new byte[8];
      writeIntLe(trailer, 0, crc.getValue());
      writeIntLe(trailer, 4, size);
      out.write(trailer);
    }
  }

  private static void writeIntLe(byte[] into, int at, long value) {
    for (int i = 0; i < 4; i++) {
      into[at + i] = (byte) (value >>> (8 * i));
    }
  }
}

package io.jouleflow.agent.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Request and response bodies on a connection's streams: fixed length, chunked, until close. */
final class Bodies {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private Bodies() {}

  /**
   * A request body of {@code length} bytes; closing it skips what was not read, unless the client
   * waits to be asked for it (then the connection must close instead, see {@link #finished}).
   */
  static final class FixedIn extends InputStream {
    private final InputStream in;
    private final boolean skipUnread;
    private long left;

    FixedIn(InputStream in, long length, boolean skipUnread) {
      this.in = in;
      this.left = length;
      this.skipUnread = skipUnread;
    }

    /** Whether closing skips what was not read (false when the client waits to be asked). */
    boolean skipsUnread() {
      return skipUnread;
    }

    /** Whether the next request starts right after what was read. */
    boolean finished() {
      return left <= 0;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("request body cut off");
      }
      left -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (!skipUnread) {
        return;
      }
      byte[] skip = new byte[1024];
      while (read(skip, 0, skip.length) >= 0) {
        // skip the rest, so the next request starts where it should
      }
    }
  }

  /** A response body of exactly {@code length} bytes. */
  static final class FixedOut extends OutputStream {
    private final OutputStream out;
    private long left;
    private boolean closed;

    FixedOut(OutputStream out, long length) {
      this.out = out;
      this.left = length;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed || len > left) {
        throw new IOException("more bytes than the Content-Length, or written after close");
      }
      out.write(b, off, len);
      left -= len;
    }

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
      out.flush();
      if (left > 0) {
        throw new IOException("response body shorter than its Content-Length");
      }
    }
  }

  /**
   * A chunked response body. Small writes are gathered into chunks of up to 2 KiB, in a buffer made
   * on the first small write; a write of 2 KiB or more goes out as a chunk of its own, uncopied. So
   * a response in flight holds no more than 2 KiB here (the connection's output stream buffers what
   * goes to the socket).
   */
  static final class ChunkedOut extends OutputStream {
    static final int BUFFER_BYTES = 2048;

    private final OutputStream out;
    private byte @Nullable [] buffer;
    private int size;
    private boolean closed;

    ChunkedOut(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("written after close");
      }
      if (len >= BUFFER_BYTES) {
        chunk();
        chunk(b, off, len);
        return;
      }
      byte[] into = buffer;
      if (into == null) {
        into = new byte[BUFFER_BYTES];
        buffer = into;
      }
      while (len > 0) {
        int n = Math.min(len, into.length - size);
        System.arraycopy(b, off, into, size, n);
        size += n;
        off += n;
        len -= n;
        if (size == into.length) {
          chunk();
        }
      }
    }

    @Override
    public void flush() throws IOException {
      chunk();
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      chunk();
      out.write(LAST_CHUNK);
      out.flush();
    }

    private void chunk() throws IOException {
      byte[] from = buffer;
      if (size == 0 || from == null) {
        return;
      }
      chunk(from, 0, size);
      size = 0;
    }

    private void chunk(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      out.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
      out.write(CRLF);
      out.write(b, off, len);
      out.write(CRLF);
    }
  }

  /** A response body that ends when the connection closes (HTTP/1.0 without a length). */
  static final class UntilCloseOut extends OutputStream {
    private final OutputStream out;

    UntilCloseOut(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}

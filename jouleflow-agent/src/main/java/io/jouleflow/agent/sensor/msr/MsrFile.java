package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.UnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CPU's MSR device file, {@code <MSR_PATH>/N/msr}, kept open. A register is read with one
 * 8-byte little-endian pread at the offset of its number, into a buffer allocated once: reading
 * allocates nothing. Only the sampler thread reads it.
 */
final class MsrFile implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MsrFile.class);
  private static final int REGISTER_BYTES = Long.BYTES;
  private static final String EPERM = "Operation not permitted";

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(REGISTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

  private MsrFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Opens {@code path}.
   *
   * @throws UnavailableException naming the file, with the fix when only root or CAP_SYS_RAWIO may
   *     open it
   */
  static MsrFile open(Path path, ReadableFiles files) throws UnavailableException {
    try {
      return new MsrFile(path, files.open(path));
    } catch (IOException e) {
      if (isPermissionDenied(e)) {
        throw new UnavailableException(
            "reading " + path + " needs root or CAP_SYS_RAWIO (and the msr module)", e);
      }
      throw new UnavailableException("cannot open " + path + ": " + reason(e), e);
    }
  }

  /** The file's path, for messages. */
  Path path() {
    return path;
  }

  /**
   * The 64-bit value of register {@code register}.
   *
   * @throws IOException when the register cannot be read (the driver answers EIO for a register the
   *     CPU lacks) or the file is closed
   */
  long read(long register) throws IOException {
    buffer.clear();
    int length = channel.read(buffer, register);
    if (length != REGISTER_BYTES) {
      throw new EOFException("short read of register " + hex(register));
    }
    return buffer.getLong(0);
  }

  /** Closes the file; never throws. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("cannot close {}", path, e);
    }
  }

  /** A register number as the manuals write it, e.g. {@code 0x611}. */
  static String hex(long register) {
    return "0x" + Long.toHexString(register).toUpperCase(Locale.ROOT);
  }

  /** The short reason of an I/O failure, e.g. {@code Input/output error}. */
  static String reason(IOException e) {
    String why = e instanceof FileSystemException failure ? failure.getReason() : null;
    if (why != null) {
      return why;
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static boolean isPermissionDenied(IOException e) {
    return e instanceof AccessDeniedException
        || (e instanceof FileSystemException failure && EPERM.equals(failure.getReason()));
  }
}

package io.jouleflow.agent.sensor.model;

import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The aggregate {@code cpu } line of {@code /proc/stat}, kept open and re-read from position 0 into
 * a buffer allocated once, then parsed in place: {@link #refresh} allocates nothing.
 *
 * <p>Busy time is user + nice + system + irq + softirq + steal; idle time is idle + iowait. The
 * guest fields are left out because the kernel already counts them in user and nice.
 */
final class ProcStat implements AutoCloseable {

  /** Far more than the first line needs, even with every field at its widest. */
  private static final int BUFFER_BYTES = 4096;

  private static final int FIELDS = 8;
  private static final int REQUIRED_FIELDS = 4;
  private static final int MAX_DIGITS = 18;
  private static final byte[] PREFIX = {'c', 'p', 'u', ' '};

  private final Path path;
  private FileChannel channel;
  private volatile boolean closed;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final long[] fields = new long[FIELDS];
  private long busyTicks;
  private long idleTicks;

  private ProcStat(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Opens {@code path} and reads it once.
   *
   * @throws UnavailableException naming the file when it cannot be opened, read or parsed
   */
  static ProcStat open(Path path) throws UnavailableException {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UnavailableException("cannot open " + path + ": " + reason(e), e);
    }
    ProcStat stat = new ProcStat(path, channel);
    boolean parsed;
    try {
      parsed = stat.refresh();
    } catch (IOException e) {
      stat.close();
      throw new UnavailableException("cannot read " + path + ": " + reason(e), e);
    }
    if (!parsed) {
      stat.close();
      throw new UnavailableException(
          path + " does not start with a 'cpu ' line of at least four tick counts");
    }
    return stat;
  }

  /**
   * Re-reads the file and parses its first line.
   *
   * @return false when that line is not a {@code cpu } line with at least four numbers; the
   *     previous ticks are then kept
   * @throws IOException when the file cannot be read
   */
  boolean refresh() throws IOException {
    reopenIfInterrupted();
    int length = fillFirstLine();
    if (length < 0 || !parse(length)) {
      return false;
    }
    busyTicks = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
    idleTicks = fields[3] + fields[4];
    return true;
  }

  /** Busy ticks summed over every CPU, as of the last successful {@link #refresh}. */
  long busyTicks() {
    return busyTicks;
  }

  /** Idle ticks summed over every CPU, as of the last successful {@link #refresh}. */
  long idleTicks() {
    return idleTicks;
  }

  /** The file this reads. */
  Path path() {
    return path;
  }

  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to release beyond the descriptor, which the close has given up either way.
    }
  }

  /**
   * An interrupt during a read closes a {@link FileChannel} for good ({@link
   * java.nio.channels.ClosedByInterruptException}); open it again unless {@link #close} did.
   */
  private void reopenIfInterrupted() throws IOException {
    if (!channel.isOpen() && !closed) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
  }

  /** Reads from position 0 until the first newline: its index, or -1 when it did not fit. */
  private int fillFirstLine() throws IOException {
    buffer.clear();
    int scanned = 0;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, buffer.position());
      if (read < 0) {
        return buffer.position();
      }
      int newline = indexOfNewline(scanned, buffer.position());
      if (newline >= 0) {
        return newline;
      }
      scanned = buffer.position();
    }
    return -1;
  }

  private int indexOfNewline(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer.get(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Parses {@code cpu n n n n ...} in {@code [0, end)} into {@link #fields}. */
  private boolean parse(int end) {
    if (end < PREFIX.length) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (buffer.get(i) != PREFIX[i]) {
        return false;
      }
    }
    Arrays.fill(fields, 0L);
    int count = 0;
    int i = PREFIX.length;
    while (count < FIELDS) {
      i = skipSpaces(i, end);
      if (i == end) {
        break;
      }
      i = parseNumber(i, end, count);
      if (i < 0) {
        return false;
      }
      count++;
    }
    return count >= REQUIRED_FIELDS;
  }

  private int skipSpaces(int from, int end) {
    int i = from;
    while (i < end && buffer.get(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Parses the digits at {@code from} into {@code fields[field]}: the index after, or -1. */
  private int parseNumber(int from, int end, int field) {
    long value = 0;
    int i = from;
    while (i < end && buffer.get(i) != ' ') {
      int digit = buffer.get(i) - '0';
      if (digit < 0 || digit > 9 || i - from >= MAX_DIGITS) {
        return -1;
      }
      value = value * 10 + digit;
      i++;
    }
    fields[field] = value;
    return i;
  }

  /** A few words for why a file could not be opened or read. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return message != null ? message : e.getClass().getSimpleName();
  }
}

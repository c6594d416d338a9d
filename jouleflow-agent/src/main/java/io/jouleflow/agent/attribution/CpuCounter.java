package io.jouleflow.agent.attribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One cgroup's CPU time counter, kept open and read again from offset 0 at each reading: {@code
 * cpu.stat}'s {@code usage_usec} (v2) or {@code cpuacct.usage} (v1), in nanoseconds. It turns
 * readings into deltas: 0 at first sight; the whole counter after the cgroup was recreated at the
 * same path (the open file went away and a new one is there, or the counter went backwards).
 */
final class CpuCounter implements AutoCloseable {

  /** What {@link #advance} returns when the cgroup went away. */
  static final long GONE = -1;

  /** Big enough for {@code cpu.stat}'s first lines; v1's counter is one number. */
  static final int BUFFER_BYTES = 128;

  private static final long NANOS_PER_MICRO = 1_000;
  private static final byte[] USAGE_KEY = "usage_usec ".getBytes(StandardCharsets.US_ASCII);
  private static final long NO_READING = -1;
  private static final long UNPARSABLE = -2;

  private final Path file;
  private final boolean v2;
  private FileChannel channel;
  private long previous = NO_READING;

  private CpuCounter(Path file, boolean v2, FileChannel channel) {
    this.file = file;
    this.v2 = v2;
    this.channel = channel;
  }

  /**
   * Opens the counter of the cgroup folder {@code cgroup}.
   *
   * @throws NoSuchFileException when the cgroup is not (or no longer) there
   * @throws IOException when it cannot be opened otherwise
   */
  static CpuCounter open(Path cgroup, CgroupHierarchy hierarchy) throws IOException {
    Path file = cgroup.resolve(hierarchy.counterName());
    return new CpuCounter(file, hierarchy.version() == 2, openChannel(file));
  }

  /**
   * The counter of the cgroup folder {@code cgroup} (of cgroup {@code version} 2 or 1) now, read
   * once, in nanoseconds.
   *
   * @throws IOException when the cgroup is not there or its file holds no counter
   */
  static long readOnce(Path cgroup, int version) throws IOException {
    Path file = cgroup.resolve(version == 2 ? "cpu.stat" : CgroupHierarchy.V1_COUNTER);
    try (CpuCounter counter = new CpuCounter(file, version == 2, openChannel(file))) {
      long value = counter.read(ByteBuffer.allocate(BUFFER_BYTES));
      if (value == GONE) {
        throw new NoSuchFileException(file.toString(), null, "the cgroup went away");
      }
      return value;
    }
  }

  /** The counter's file. */
  Path file() {
    return file;
  }

  /**
   * Reads the counter into {@code buffer} (shared by the counters of one reader): the nanoseconds
   * since the previous reading (see the class comment), or {@link #GONE}.
   *
   * @throws IOException when the file cannot be read or does not hold a counter; the next good
   *     reading then counts the time missed
   */
  long advance(ByteBuffer buffer) throws IOException {
    long now = read(buffer);
    boolean recreated = false;
    if (now == GONE) {
      now = reopen(buffer);
      if (now == GONE) {
        return GONE;
      }
      recreated = true;
    }
    long last = previous;
    previous = now;
    if (last == NO_READING) {
      return 0;
    }
    return recreated || now < last ? now : now - last;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Only the descriptor to give up, and a failed close has given it up too.
    }
  }

  /** The counter's value, or {@link #GONE}. */
  private long read(ByteBuffer buffer) throws IOException {
    buffer.clear();
    int length;
    try {
      length = channel.read(buffer, 0);
    } catch (IOException e) {
      if (isGone(e) || !channel.isOpen() || Files.notExists(file)) {
        return GONE;
      }
      throw e;
    }
    if (length <= 0) {
      return GONE;
    }
    long value = v2 ? parseUsage(buffer, length) : parseDecimal(buffer, 0, length);
    if (value < 0) {
      throw new IOException("it holds no " + (v2 ? "usage_usec" : "nanosecond count"));
    }
    return value;
  }

  /** Opens the file again: the cgroup may have been recreated at the same path. */
  private long reopen(ByteBuffer buffer) throws IOException {
    close();
    try {
      channel = openChannel(file);
    } catch (NoSuchFileException e) {
      return GONE;
    } catch (IOException e) {
      if (isGone(e)) {
        return GONE;
      }
      throw e;
    }
    return read(buffer);
  }

  private static FileChannel openChannel(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  /**
   * ENOENT or ENODEV: what reading a removed cgroup's file gives (the JDK gives no error number,
   * only the C library's message; {@link #read} also checks whether the file is still there).
   */
  private static boolean isGone(IOException e) {
    String message = e.getMessage();
    return e instanceof NoSuchFileException
        || "No such device".equals(message)
        || "No such file or directory".equals(message);
  }

  /** {@code usage_usec}, at the start of a line of {@code cpu.stat}, in nanoseconds. */
  static long parseUsage(ByteBuffer bytes, int length) {
    int line = 0;
    while (line < length) {
      if (startsWith(bytes, line, length)) {
        long micros = parseDecimal(bytes, line + USAGE_KEY.length, length);
        return micros < 0 || micros > Long.MAX_VALUE / NANOS_PER_MICRO
            ? UNPARSABLE
            : micros * NANOS_PER_MICRO;
      }
      while (line < length && bytes.get(line) != '\n') {
        line++;
      }
      line++;
    }
    return UNPARSABLE;
  }

  private static boolean startsWith(ByteBuffer bytes, int from, int length) {
    if (from + USAGE_KEY.length > length) {
      return false;
    }
    for (int i = 0; i < USAGE_KEY.length; i++) {
      if (bytes.get(from + i) != USAGE_KEY[i]) {
        return false;
      }
    }
    return true;
  }

  /** The decimal starting at {@code from}, ending at a newline or {@code length}; or UNPARSABLE. */
  static long parseDecimal(ByteBuffer bytes, int from, int length) {
    long value = 0;
    int i = from;
    for (; i < length && bytes.get(i) >= '0' && bytes.get(i) <= '9'; i++) {
      int digit = bytes.get(i) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return UNPARSABLE;
      }
      value = value * 10 + digit;
    }
    boolean ends = i == length || bytes.get(i) == '\n';
    return i == from || !ends ? UNPARSABLE : value;
  }
}

package io.jouleflow.agent.export.pull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A byte buffer for exposition text, with allocation-free number formatting. It grows as needed,
 * unless it {@link #streamTo streams}: then a full buffer is written to its sink and reused, so a
 * response of any length passes through a buffer of fixed size.
 */
final class AsciiBuffer {

  private byte[] bytes;
  private int size;
  private @Nullable OutputStream sink;

  AsciiBuffer(int initialCapacity) {
    this.bytes = new byte[Math.max(64, initialCapacity)];
  }

  AsciiBuffer append(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, size, text.length);
    size += text.length;
    return this;
  }

  AsciiBuffer append(String text) {
    return append(text.getBytes(StandardCharsets.UTF_8));
  }

  AsciiBuffer append(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  /** Appends a non-negative or negative decimal integer. */
  AsciiBuffer append(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return append(Long.toString(value));
      }
      append('-');
      value = -value;
    }
    ensure(20);
    int digits = digits(value);
    int end = size + digits;
    for (int i = end - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size = end;
    return this;
  }

  /** Appends milliseconds as seconds with exactly three decimals, e.g. {@code 1700000000.123}. */
  AsciiBuffer appendMillisAsSeconds(long millis) {
    append(Math.floorDiv(millis, 1000));
    int fraction = (int) Math.floorMod(millis, 1000);
    ensure(4);
    bytes[size++] = '.';
    bytes[size++] = (byte) ('0' + fraction / 100);
    bytes[size++] = (byte) ('0' + fraction / 10 % 10);
    bytes[size++] = (byte) ('0' + fraction % 10);
    return this;
  }

  /** Appends a sample value as Prometheus reads it: shortest round-trip decimal, +Inf, NaN. */
  AsciiBuffer appendValue(double value) {
    if (value == (long) value && Math.abs(value) < 1e15) {
      return append((long) value);
    }
    if (Double.isNaN(value)) {
      return append("NaN");
    }
    if (Double.isInfinite(value)) {
      return append(value > 0 ? "+Inf" : "-Inf");
    }
    return append(Double.toString(value));
  }

  int size() {
    return size;
  }

  byte[] array() {
    return bytes;
  }

  void clear() {
    size = 0;
  }

  /**
   * Empties the buffer and from now on writes it to {@code out} whenever it is full; {@code null}
   * makes it grow again. Writing failures surface as {@link UncheckedIOException}.
   */
  void streamTo(@Nullable OutputStream out) {
    size = 0;
    sink = out;
  }

  /** Writes what the buffer holds to its sink, if it has one. */
  void flush() {
    OutputStream out = sink;
    if (out == null || size == 0) {
      return;
    }
    try {
      out.write(bytes, 0, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    size = 0;
  }

  /** How many bytes the buffer can hold before it grows or streams. */
  int capacity() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, size, StandardCharsets.UTF_8);
  }

  private void ensure(int more) {
    if (size + more > bytes.length && sink != null) {
      flush();
    }
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  private static int digits(long value) {
    int digits = 1;
    while (value >= 10) {
      value /= 10;
      digits++;
    }
    return digits;
  }
}

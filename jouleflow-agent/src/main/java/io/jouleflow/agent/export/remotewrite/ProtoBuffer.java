package io.jouleflow.agent.export.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array that protobuf wire-format values are written into. Callers {@link
 * #ensure(int) reserve} room first; the writes themselves do not check bounds beyond Java's own.
 */
final class ProtoBuffer {

  /** Wire type of 64-bit fixed-size fields ({@code double}). */
  static final int FIXED64 = 1;

  /** Wire type of length-delimited fields (strings, messages). */
  static final int LEN = 2;

  /** Wire type of varint fields ({@code int64}). */
  static final int VARINT = 0;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes;
  private int size;

  ProtoBuffer(int initialCapacity) {
    this.bytes = new byte[initialCapacity];
  }

  /** How many bytes {@code value} takes as a varint: 1 to 10. */
  static int varintSize(long value) {
    return (70 - Long.numberOfLeadingZeros(value | 1)) / 7;
  }

  /** The key byte of field {@code number} (1..15) with wire type {@code wireType}. */
  static int tag(int number, int wireType) {
    return number << 3 | wireType;
  }

  void clear() {
    size = 0;
  }

  /** Makes room for {@code extra} more bytes. */
  void ensure(int extra) {
    int needed = Math.addExact(size, extra);
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
  }

  void writeByte(int value) {
    bytes[size++] = (byte) value;
  }

  void writeVarint(long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[size++] = (byte) rest;
  }

  void writeFixed64(long value) {
    LONG_LE.set(bytes, size, value);
    size += 8;
  }

  void write(byte[] source) {
    System.arraycopy(source, 0, bytes, size, source.length);
    size += source.length;
  }

  /** The backing array; valid up to {@link #size()} until the next write. */
  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  /** A copy of the bytes written. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}

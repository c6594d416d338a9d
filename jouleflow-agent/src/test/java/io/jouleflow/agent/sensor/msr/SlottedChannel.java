package io.jouleflow.agent.sensor.msr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A fake MSR file whose register {@code R} lies at byte {@code R × 8} of a sparse file, giving each
 * register a slot of its own: the real driver reads register {@code R} at position {@code R}, which
 * a plain file cannot copy for registers one apart (AMD's 0xC0010299, 0xC001029A and 0xC001029B
 * would share 7 of their 8 bytes). Only the positional read the sensor uses is supported.
 */
final class SlottedChannel extends FileChannel {

  /** The bytes of one register's slot. */
  static final long SLOT_BYTES = Long.BYTES;

  private final FileChannel file;

  SlottedChannel(FileChannel file) {
    this.file = file;
  }

  @Override
  public int read(ByteBuffer dst, long register) throws IOException {
    return file.read(dst, register * SLOT_BYTES);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }

  @Override
  public int read(ByteBuffer dst) {
    throw unsupported();
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) {
    throw unsupported();
  }

  @Override
  public int write(ByteBuffer src) {
    throw unsupported();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw unsupported();
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw unsupported();
  }

  @Override
  public long position() {
    throw unsupported();
  }

  @Override
  public FileChannel position(long newPosition) {
    throw unsupported();
  }

  @Override
  public long size() {
    throw unsupported();
  }

  @Override
  public FileChannel truncate(long size) {
    throw unsupported();
  }

  @Override
  public void force(boolean metaData) {
    throw unsupported();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw unsupported();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw unsupported();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw unsupported();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw unsupported();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("a fake MSR file only reads registers");
  }
}

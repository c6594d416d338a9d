package io.jouleflow.agent.export.remotewrite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where the spool writes, as a seam for tests of a failing disk. */
interface SpoolDisk {
  SpoolDisk REAL = new SpoolDisk() {};

  default FileChannel create(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  default void write(FileChannel channel, ByteBuffer[] buffers) throws IOException {
    long left = 0;
    for (ByteBuffer buffer : buffers) {
      left += buffer.remaining();
    }
    while (left > 0) {
      left -= channel.write(buffers);
    }
  }

  default void truncate(FileChannel channel, long size) throws IOException {
    channel.truncate(size);
  }

  default void force(FileChannel channel) throws IOException {
    channel.force(false);
  }
}

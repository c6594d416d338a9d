package io.jouleflow.agent.export.remotewrite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the spool's records back, keeping the segment last read open. Shipper thread only. */
final class SpoolReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SpoolReader.class);

  private @Nullable FileChannel channel;
  private @Nullable SpoolSegment openSegment;

  /** The intact record at {@code offset} of {@code segment}; null when damaged or unreadable. */
  @Nullable SpoolFrame read(SpoolSegment segment, long offset) {
    try {
      FileChannel open = channel;
      if (openSegment != segment || open == null) {
        close();
        open = FileChannel.open(segment.path, StandardOpenOption.READ);
        channel = open;
        openSegment = segment;
      }
      return SpoolFrame.read(open, offset, segment.end);
    } catch (IOException e) {
      log.warn("spool: cannot read {}: {}", segment.path, e.toString());
      return null;
    }
  }

  /** Lets go of {@code segment}'s file if it is open (before it is deleted). */
  void release(SpoolSegment segment) {
    if (openSegment == segment) {
      close();
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
    channel = null;
    openSegment = null;
  }

  static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("spool: close failed: {}", e.toString());
      }
    }
  }
}

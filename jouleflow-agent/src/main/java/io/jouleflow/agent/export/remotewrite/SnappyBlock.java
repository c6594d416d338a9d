package io.jouleflow.agent.export.remotewrite;

import io.airlift.compress.v3.snappy.SnappyCompressor;
import java.util.Arrays;

/**
 * Snappy in the block format remote write requires (never framed), through aircompressor: its
 * native library through FFM when it loads (the agent runs with native access enabled), else its
 * pure Java implementation.
 */
final class SnappyBlock {

  private final SnappyCompressor compressor;
  private byte[] out = new byte[0];

  SnappyBlock() {
    this(SnappyCompressor.create());
  }

  SnappyBlock(SnappyCompressor compressor) {
    this.compressor = compressor;
  }

  /** The first {@code length} bytes of {@code input}, compressed, in an array of their own. */
  byte[] compress(byte[] input, int length) {
    int bound = compressor.maxCompressedLength(length);
    if (out.length < bound) {
      out = new byte[Math.max(bound, out.length * 2)];
    }
    int size = compressor.compress(input, 0, length, out, 0, out.length);
    return Arrays.copyOf(out, size);
  }
}

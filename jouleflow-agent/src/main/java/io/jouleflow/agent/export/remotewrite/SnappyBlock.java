package io.jouleflow.agent.export.remotewrite;

import io.airlift.compress.v3.snappy.SnappyCompressor;
import io.airlift.compress.v3.snappy.SnappyJavaCompressor;
import java.util.Arrays;

/**
 * Snappy in the block format remote write requires (never framed), through aircompressor's pure
 * Java implementation. Not its native library: loading that copies it to a temporary file, which a
 * SIGKILL leaves behind in the temporary folder. The Java one costs about twice the CPU, a few
 * hundredths of a percent of a core at 1 kHz (see bench/README.md); it uses {@code
 * sun.misc.Unsafe}, hence {@code --sun-misc-unsafe-memory-access=allow} in {@code bin/jouleflow}.
 */
final class SnappyBlock {

  private final SnappyCompressor compressor;
  private byte[] out = new byte[0];

  SnappyBlock() {
    this(new SnappyJavaCompressor());
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

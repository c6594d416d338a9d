package io.jouleflow.agent.sampling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor of the sampler's CPU: a thread that only wakes at the sampler's absolute deadlines
 * ({@code start + n × interval}, skipping those it missed, as the agent's sampler does) and reads
 * nothing, or, given files, reads each of them once a tick as the RAPL sensor reads its counters
 * (one positional read into a direct buffer; the value is not parsed). {@code bench/pull-bench.sh}
 * runs both with {@code bin/jouleflow}'s JVM flags beside the agent and prints the agent's CPU over
 * each.
 *
 * <p>Usage: {@code DeadlineLoop <interval seconds> [file ...]}; runs until killed.
 */
public final class DeadlineLoop {

  private DeadlineLoop() {}

  /** Parks to every deadline of the interval given in seconds, forever, reading the files. */
  public static void main(String[] args) throws IOException {
    long intervalNanos = Math.round(Double.parseDouble(args[0]) * 1e9);
    FileChannel[] files = new FileChannel[args.length - 1];
    for (int i = 0; i < files.length; i++) {
      files[i] = FileChannel.open(Path.of(args[i + 1]), StandardOpenOption.READ);
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(32);
    long start = System.nanoTime();
    long n = 0;
    while (true) {
      long deadline = start + n * intervalNanos;
      long remaining;
      while ((remaining = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(remaining);
      }
      for (FileChannel file : files) {
        buffer.clear();
        file.read(buffer, 0);
      }
      n++;
      long behind = (System.nanoTime() - start) / intervalNanos - n;
      if (behind > 0) {
        n += behind;
      }
    }
  }
}

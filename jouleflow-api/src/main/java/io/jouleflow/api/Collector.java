package io.jouleflow.api;

/**
 * A free-running collector: it owns its loop and timing, like the reference design's {@code
 * get_power(queue, interval, stop)}. The agent runs it on a thread of its own; if it throws, the
 * agent logs, waits (backing off) and calls {@link #run} again.
 */
public interface Collector extends AutoCloseable {

  /**
   * Emits records until the thread is interrupted. Return or throw {@link InterruptedException}
   * when interrupted; any other exception counts as a crash and the agent restarts the loop.
   */
  void run(RecordSink sink) throws Exception;

  /** Releases what the collector holds. Never throws. */
  @Override
  default void close() {}
}

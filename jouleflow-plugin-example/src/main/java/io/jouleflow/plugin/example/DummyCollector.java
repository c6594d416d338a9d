package io.jouleflow.plugin.example;

import io.jouleflow.api.Collector;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Emits the dummy's power as raw records ({@value #POWER_METRIC}, no labels) every interval, on
 * absolute deadlines, until interrupted: the reference design's {@code get_power(queue, interval,
 * stop)}. Deadlines it was too late for are skipped, not caught up; a reading whose millisecond is
 * not after the last one's is not emitted (so the series stays strictly ascending).
 */
final class DummyCollector implements Collector {

  /** The raw records' metric, which {@link DummyProcessor} turns into energy. */
  static final String POWER_METRIC = "dummy_power_watts";

  private final DummySignal signal;
  private final long intervalNanos;
  private final InstantSource clock;
  private long lastMillis = Long.MIN_VALUE;

  DummyCollector(DummySignal signal, long intervalNanos, InstantSource clock) {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("the interval must be positive: " + intervalNanos);
    }
    this.signal = signal;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  @Override
  public void run(RecordSink sink) throws InterruptedException {
    long start = System.nanoTime();
    for (long deadline = start; ; deadline += intervalNanos) {
      waitUntil(deadline);
      emitAt(clock.millis(), sink);
      long late = System.nanoTime() - deadline;
      if (late > intervalNanos) {
        deadline += late / intervalNanos * intervalNanos;
      }
    }
  }

  /** Emits the reading at {@code epochMillis}, unless it is not after the last one. */
  void emitAt(long epochMillis, RecordSink sink) {
    if (epochMillis <= lastMillis) {
      return;
    }
    lastMillis = epochMillis;
    sink.emit(new Record(POWER_METRIC, Map.of(), signal.wattsAt(epochMillis), epochMillis));
  }

  private static void waitUntil(long deadline) throws InterruptedException {
    long remaining;
    while ((remaining = deadline - System.nanoTime()) > 0) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LockSupport.parkNanos(remaining);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}

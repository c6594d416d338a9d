package io.jouleflow.agent.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** What the sampler has done, for the agent's self-metrics. Written by the sampler thread only. */
public final class SamplerStats {

  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong missedTicks = new AtomicLong();
  private final AtomicLong lagNanos = new AtomicLong();
  private final AtomicLongArray readErrors;

  SamplerStats(int sensors) {
    this.readErrors = new AtomicLongArray(sensors);
  }

  /** Ticks taken: rows appended to the ring. */
  public long ticks() {
    return ticks.get();
  }

  /** Values recorded: one per series per tick, less failed readings. */
  public long samples() {
    return samples.get();
  }

  /** Deadlines skipped because the sampler was more than one interval late. */
  public long missedTicks() {
    return missedTicks.get();
  }

  /** How late the most recent tick started, in nanoseconds. */
  public long lagNanos() {
    return lagNanos.get();
  }

  /** Failed readings (NaN values or a throwing sensor) of sensor {@code index}. */
  public long readErrors(int index) {
    return readErrors.get(index);
  }

  void recordTick(long lag, long values) {
    lagNanos.lazySet(lag);
    samples.lazySet(samples.get() + values);
    ticks.lazySet(ticks.get() + 1);
  }

  void recordMissed(long count) {
    missedTicks.lazySet(missedTicks.get() + count);
  }

  void recordReadErrors(int sensor, long count) {
    readErrors.lazySet(sensor, readErrors.get(sensor) + count);
  }
}

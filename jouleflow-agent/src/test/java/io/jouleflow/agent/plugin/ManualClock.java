package io.jouleflow.agent.plugin;

import io.jouleflow.agent.runtime.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, or when a thread parks on it: it then jumps to the deadline.
 */
final class ManualClock implements Clock {

  /** 2025-01-01T00:00:00Z. */
  static final long WALL_START_MILLIS = 1_735_689_600_000L;

  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> parks = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long wallMillis() {
    return WALL_START_MILLIS + nanos.get() / 1_000_000;
  }

  @Override
  public void park(long nanos) {
    parkUntil(this.nanos.get() + nanos);
  }

  @Override
  public void parkUntil(long deadline) {
    parks.add(Duration.ofNanos(deadline - nanos.get()));
    nanos.accumulateAndGet(deadline, Math::max);
  }

  void advance(Duration elapsed) {
    nanos.addAndGet(elapsed.toNanos());
  }

  /** How long each park asked to wait, in order. */
  List<Duration> parks() {
    return List.copyOf(parks);
  }
}

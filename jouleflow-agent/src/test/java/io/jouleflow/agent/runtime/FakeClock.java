package io.jouleflow.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A clock for tests that moves only when told, or when a thread parks on it: it then jumps to the
 * deadline, so a test drives waits instead of sleeping.
 */
public final class FakeClock implements Clock {

  /** 2025-01-01T00:00:00Z. */
  public static final long WALL_START_MILLIS = 1_735_689_600_000L;

  private final @Nullable LongSupplier nanos;
  private final AtomicLong own;
  private final List<Duration> parks = new CopyOnWriteArrayList<>();

  private FakeClock(@Nullable LongSupplier nanos, AtomicLong own) {
    this.nanos = nanos;
    this.own = own;
  }

  /** A clock at 0 ns, wall time {@link #WALL_START_MILLIS}. */
  public FakeClock() {
    this(null, new AtomicLong());
  }

  /** A clock whose monotonic time is whatever {@code nanos} says; parking does not move it. */
  public static Clock reading(LongSupplier nanos) {
    return new FakeClock(nanos, new AtomicLong());
  }

  @Override
  public long nanoTime() {
    LongSupplier source = nanos;
    return source == null ? own.get() : source.getAsLong();
  }

  @Override
  public long wallMillis() {
    return WALL_START_MILLIS + nanoTime() / 1_000_000;
  }

  @Override
  public void park(long nanos) {
    parkUntil(nanoTime() + nanos);
  }

  @Override
  public void parkUntil(long deadline) {
    parks.add(Duration.ofNanos(deadline - nanoTime()));
    if (nanos == null) {
      own.accumulateAndGet(deadline, Math::max);
    } else {
      Thread.onSpinWait();
    }
  }

  /** How long each park asked to wait, in order. */
  public List<Duration> parks() {
    return List.copyOf(parks);
  }

  /** Moves the clock forward by {@code elapsed}. */
  public void advance(Duration elapsed) {
    own.addAndGet(elapsed.toNanos());
  }
}

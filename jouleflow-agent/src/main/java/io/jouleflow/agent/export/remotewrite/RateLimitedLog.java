package io.jouleflow.agent.export.remotewrite;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets each kind of message through at most once per interval (a minute in the agent), so that a
 * receiver failing every few milliseconds does not flood the log; counts what it held back.
 */
final class RateLimitedLog {

  /** Held back: the kind was let through less than an interval ago. */
  static final long HELD_BACK = -1;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Kind> kinds = new HashMap<>();

  RateLimitedLog(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Whether a message of {@code kind} may be logged now: {@link #HELD_BACK}, or how many messages
   * of that kind were held back since the last one let through.
   */
  synchronized long allow(String kind) {
    long now = nanoTime.getAsLong();
    Kind state = kinds.get(kind);
    if (state == null) {
      kinds.put(kind, new Kind(now));
      return 0;
    }
    if (now - state.lastNanos < intervalNanos) {
      state.heldBack++;
      return HELD_BACK;
    }
    long heldBack = state.heldBack;
    state.lastNanos = now;
    state.heldBack = 0;
    return heldBack;
  }

  /** A suffix for a message let through after {@code heldBack} were held back, else empty. */
  static String heldBackNote(long heldBack) {
    return heldBack > 0 ? " (" + heldBack + " more like this not logged in the last minute)" : "";
  }

  private static final class Kind {
    long lastNanos;
    long heldBack;

    Kind(long lastNanos) {
      this.lastNanos = lastNanos;
    }
  }
}

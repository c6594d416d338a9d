package io.jouleflow.agent.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's one limiter for log lines inside loops: lets at most {@code permits} messages of each
 * kind through per window (a minute, in the agent) and counts the ones it holds back, so that a
 * sensor, plugin or receiver failing every millisecond cannot flood the log. A window starts with
 * the first message after the previous one ended. Thread-safe. It keeps one small entry per kind it
 * has seen, so kinds must come from a fixed set (a string constant, a sensor index, an enum), never
 * from what a client or plugin sends.
 */
public final class LogLimiter {

  /** What {@link #allow} returns for a message that must not be logged. */
  public static final long HELD_BACK = -1;

  /** The window of warnings logged inside loops. */
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final int permits;
  private final long windowNanos;
  private final Clock clock;
  private final Object lock = new Object();
  private final Map<Object, Window> windows = new HashMap<>();

  /** At most {@code permits} messages of a kind per {@code window}, timed by {@code clock}. */
  public LogLimiter(int permits, Duration window, Clock clock) {
    if (permits < 1 || window.isNegative()) {
      throw new IllegalArgumentException("need permits >= 1 and a window >= 0");
    }
    this.permits = permits;
    this.windowNanos = window.toNanos();
    this.clock = clock;
  }

  /** One message of each kind per minute. */
  public static LogLimiter oncePerMinute(Clock clock) {
    return new LogLimiter(1, MINUTE, clock);
  }

  /**
   * Whether a message of {@code kind} may be logged now: {@link #HELD_BACK}, or how many messages
   * of that kind were held back since the last one let through.
   */
  public long allow(Object kind) {
    long now = clock.nanoTime();
    synchronized (lock) {
      Window window = windows.computeIfAbsent(kind, k -> new Window(now));
      if (now - window.startNanos >= windowNanos) {
        window.startNanos = now;
        window.used = 0;
      }
      if (window.used >= permits) {
        window.heldBack++;
        return HELD_BACK;
      }
      window.used++;
      long heldBack = window.heldBack;
      window.heldBack = 0;
      return heldBack;
    }
  }

  /** {@link #allow} for a limiter with one kind of message. */
  public long allow() {
    return allow(Window.class);
  }

  /** Whether a message of {@code kind} may be logged now. */
  public boolean allows(Object kind) {
    return allow(kind) != HELD_BACK;
  }

  /** How many messages of {@code kind} were held back since the last one let through; resets. */
  public long takeHeldBack(Object kind) {
    synchronized (lock) {
      Window window = windows.get(kind);
      if (window == null) {
        return 0;
      }
      long heldBack = window.heldBack;
      window.heldBack = 0;
      return heldBack;
    }
  }

  /** A suffix for a message let through after {@code heldBack} were held back, else empty. */
  public static String heldBackNote(long heldBack) {
    return heldBack > 0 ? " (" + heldBack + " more like this not logged in the last minute)" : "";
  }

  private static final class Window {
    long startNanos;
    int used;
    long heldBack;

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }
}

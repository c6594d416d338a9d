package io.jouleflow.agent.sensor;

/**
 * Adds up the increments of a hardware counter that wraps to 0 after {@code max} (RAPL's {@code
 * energy_uj} at {@code max_energy_range_uj}, a 32-bit MSR at 2^32 − 1). Correct while the counter
 * is read at least once per wrap. Not thread-safe.
 *
 * <p>A step back is a wrap only when the energy across the wrap ({@code current + (max − previous)
 * + 1}) is at most what the elapsed time, plus {@link #SLACK_NANOS}, could count at {@code
 * maxUnitsPerSecond}. Any other step back is a counter reset (a firmware glitch, a driver reload):
 * the counter takes the new value as its base and adds nothing, so a reset never books phantom
 * energy.
 */
public final class WrappingCounter {

  /** Time added to the elapsed time before judging a wrap: clock and counter-update skew. */
  public static final long SLACK_NANOS = 1_000_000_000L;

  private final long max;
  private final double maxUnitsPerSecond;
  private long previous;
  private long total;
  private long resets;

  /**
   * A counter wrapping after {@code max}, first read as {@code baseline}, that counts at most
   * {@code maxUnitsPerSecond} (the domain's maximum power in counter units).
   */
  public WrappingCounter(long max, long baseline, double maxUnitsPerSecond) {
    if (!(maxUnitsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "maxUnitsPerSecond must be positive: " + maxUnitsPerSecond);
    }
    this.max = max;
    this.previous = baseline;
    this.maxUnitsPerSecond = maxUnitsPerSecond;
  }

  /**
   * Counts up to {@code current}, read {@code elapsedNanos} after the previous reading: {@code
   * current − previous}; across one plausible wrap {@code current + (max − previous) + 1}; nothing
   * for a reset.
   *
   * @return whether the step was counted; {@code false} for a counter reset
   */
  public boolean advance(long current, long elapsedNanos) {
    if (current >= previous) {
      total += current - previous;
      previous = current;
      return true;
    }
    long wrapped = current + (max - previous) + 1;
    double seconds = (Math.max(0, elapsedNanos) + (double) SLACK_NANOS) / 1e9;
    previous = current;
    if (wrapped <= maxUnitsPerSecond * seconds) {
      total += wrapped;
      return true;
    }
    resets++;
    return false;
  }

  /** The counter's last reading. */
  public long previous() {
    return previous;
  }

  /** The total since the baseline. */
  public long total() {
    return total;
  }

  /** How many steps back were taken for counter resets. */
  public long resets() {
    return resets;
  }
}

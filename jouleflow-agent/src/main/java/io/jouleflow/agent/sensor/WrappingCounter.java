package io.jouleflow.agent.sensor;

/**
 * Adds up the increments of a hardware counter that wraps to 0 after {@code max} (RAPL's {@code
 * energy_uj} at {@code max_energy_range_uj}, a 32-bit MSR at 2^32 − 1). Correct while the counter
 * is read at least once per wrap. Not thread-safe.
 */
public final class WrappingCounter {

  private final long max;
  private long previous;
  private long total;

  /** A counter wrapping after {@code max}, first read as {@code baseline}. */
  public WrappingCounter(long max, long baseline) {
    this.max = max;
    this.previous = baseline;
  }

  /**
   * Counts up to {@code current}: {@code current − previous}, or across one wrap {@code current +
   * (max − previous) + 1}.
   *
   * @return the total since the baseline
   */
  public long advance(long current) {
    total += current >= previous ? current - previous : current + (max - previous) + 1;
    previous = current;
    return total;
  }

  /** The total since the baseline. */
  public long total() {
    return total;
  }
}

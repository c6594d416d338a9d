package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.WrappingCounter;
import io.jouleflow.api.Series;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RAPL energy status register of one CPU: a 32-bit counter of energy units (bits 31:0; the
 * upper half is reserved) that wraps within about a minute under load. Adds up the wrap-corrected
 * increments since the baseline read at opening; a step back that no wrap at the domain's maximum
 * power explains is a counter reset, counted and adding nothing.
 */
final class EnergyRegister {

  /** The counter's bits; the wrap point is one more. */
  static final long COUNTER_MASK = 0xFFFF_FFFFL;

  private static final Logger log = LoggerFactory.getLogger(EnergyRegister.class);

  private final MsrFile file;
  private final long register;
  private final long baseline;
  private final Series series;
  private final CounterWatch watch;
  private final WrappingCounter units;
  private final LogLimiter warnings;
  private long lastReadNanos;

  private EnergyRegister(
      MsrFile file,
      long register,
      long baseline,
      Series series,
      double maxUnitsPerSecond,
      CounterWatch watch) {
    this.file = file;
    this.register = register;
    this.baseline = baseline;
    this.series = series;
    this.watch = watch;
    this.units = new WrappingCounter(COUNTER_MASK, baseline, maxUnitsPerSecond);
    this.warnings = LogLimiter.oncePerMinute(watch.clock());
    this.lastReadNanos = watch.clock().nanoTime();
  }

  /**
   * Reads {@code register} of {@code file} once as the baseline of {@code series}'s counter, which
   * counts at most {@code maxUnitsPerSecond}.
   *
   * @throws IOException when the register cannot be read: the CPU lacks it
   */
  static EnergyRegister open(
      MsrFile file, long register, Series series, double maxUnitsPerSecond, CounterWatch watch)
      throws IOException {
    long baseline = file.read(register) & COUNTER_MASK;
    return new EnergyRegister(file, register, baseline, series, maxUnitsPerSecond, watch);
  }

  /** The counter's value at opening; 0 for a domain the CPU lists but does not count. */
  long baseline() {
    return baseline;
  }

  /**
   * Reads the counter and adds the units counted since the last good reading, at most one wrap.
   *
   * @return whether the register could be read; if not, the next good reading counts the missed
   *     units
   */
  boolean advance() {
    long current;
    try {
      current = file.read(register) & COUNTER_MASK;
    } catch (IOException e) {
      if (warnings.allows(register)) {
        log.warn(
            "msr: cannot read register {} of {} ({}); logged at most once a minute",
            MsrFile.hex(register),
            file.path(),
            MsrFile.reason(e));
      }
      return false;
    }
    long now = watch.clock().nanoTime();
    long previous = units.previous();
    if (!units.advance(current, now - lastReadNanos)) {
      watch
          .resets()
          .reset(series, MsrFile.hex(register) + " of " + file.path(), previous, current, "units");
    }
    lastReadNanos = now;
    return true;
  }

  /** The energy units counted since opening. */
  long units() {
    return units.total();
  }
}

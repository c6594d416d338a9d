package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.WrappingCounter;
import java.io.IOException;

/**
 * One RAPL energy status register of one CPU: a 32-bit counter of energy units (bits 31:0; the
 * upper half is reserved) that wraps within about a minute under load. Adds up the wrap-corrected
 * increments since the baseline read at opening.
 */
final class EnergyRegister {

  /** The counter's bits; the wrap point is one more. */
  static final long COUNTER_MASK = 0xFFFF_FFFFL;

  private final MsrFile file;
  private final long register;
  private final long baseline;
  private final WrappingCounter units;

  private EnergyRegister(MsrFile file, long register, long baseline) {
    this.file = file;
    this.register = register;
    this.baseline = baseline;
    this.units = new WrappingCounter(COUNTER_MASK, baseline);
  }

  /**
   * Reads {@code register} of {@code file} once as the baseline.
   *
   * @throws IOException when the register cannot be read: the CPU lacks it
   */
  static EnergyRegister open(MsrFile file, long register) throws IOException {
    return new EnergyRegister(file, register, file.read(register) & COUNTER_MASK);
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
      return false;
    }
    units.advance(current);
    return true;
  }

  /** The energy units counted since opening. */
  long units() {
    return units.total();
  }
}

package io.jouleflow.agent.sensor.nvml;

import io.jouleflow.agent.sensor.SettingValueException;
import io.jouleflow.api.PluginContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * How often the GPUs are read: every {@code ticksPerRead}-th tick of the sampler. The GPU interval
 * is {@code NVML_INTERVAL_SECONDS} when set, else the sampling interval but at least {@value
 * #DEFAULT_FLOOR_MILLIS} ms (GPU counters refresh every 20 to 100 ms), rounded up to a whole number
 * of ticks.
 *
 * @param ticksPerRead sampler ticks per GPU reading, at least 1
 * @param interval the resulting time between GPU readings
 */
record ReadSchedule(int ticksPerRead, Duration interval) {

  /** The setting for the GPU interval; only this sensor parses it. */
  static final String SETTING = "NVML_INTERVAL_SECONDS";

  /** What {@link #SETTING} accepts; the agent's list of settings says the same. */
  static final String ACCEPTED = "a number of seconds in 0.001..3600";

  private static final long DEFAULT_FLOOR_MILLIS = 50;
  private static final BigDecimal MIN_SECONDS = new BigDecimal("0.001");
  private static final BigDecimal MAX_SECONDS = new BigDecimal("3600");

  ReadSchedule {
    if (ticksPerRead < 1) {
      throw new IllegalArgumentException("ticks per read must be at least 1: " + ticksPerRead);
    }
  }

  /**
   * The schedule the settings ask for.
   *
   * @throws SettingValueException when {@code NVML_INTERVAL_SECONDS} is not seconds in 0.001..3600
   */
  static ReadSchedule of(PluginContext context) throws SettingValueException {
    long tickNanos = context.intervalNanos();
    Optional<String> setting = context.setting(SETTING).map(String::strip);
    long wantedNanos =
        setting.isPresent() && !setting.get().isEmpty()
            ? parseNanos(setting.get())
            : Math.max(tickNanos, Duration.ofMillis(DEFAULT_FLOOR_MILLIS).toNanos());
    long ticks = Math.max(1, Math.ceilDiv(wantedNanos, tickNanos));
    return new ReadSchedule(Math.toIntExact(ticks), Duration.ofNanos(ticks * tickNanos));
  }

  /** The interval in milliseconds without needless zeros: {@code 50 ms}, {@code 12.5 ms}. */
  String intervalText() {
    return BigDecimal.valueOf(interval.toNanos(), 6).stripTrailingZeros().toPlainString() + " ms";
  }

  private static long parseNanos(String text) throws SettingValueException {
    try {
      BigDecimal seconds = new BigDecimal(text);
      if (seconds.compareTo(MIN_SECONDS) >= 0 && seconds.compareTo(MAX_SECONDS) <= 0) {
        return seconds.movePointRight(9).longValue();
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingValueException(SETTING, ACCEPTED, text);
  }
}

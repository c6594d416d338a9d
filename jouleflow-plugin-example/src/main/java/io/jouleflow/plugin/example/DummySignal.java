package io.jouleflow.plugin.example;

/**
 * The dummy's power, a known function of time: {@code watts + amplitude × sin(2π t / period)}, with
 * {@code t} the wall-clock time, so anyone can recompute a reading from its timestamp alone.
 *
 * @param watts the mean power, 0 or more
 * @param amplitude how far the power swings either side of the mean, 0 to {@code watts} (so power
 *     is never negative)
 * @param periodMillis the period of the swing in milliseconds, 1 or more
 */
record DummySignal(double watts, double amplitude, long periodMillis) {

  DummySignal {
    if (!(watts >= 0 && Double.isFinite(watts))) {
      throw new IllegalArgumentException("watts must be finite and not negative: " + watts);
    }
    if (!(amplitude >= 0 && amplitude <= watts)) {
      throw new IllegalArgumentException("amplitude must be in 0.." + watts + ": " + amplitude);
    }
    if (periodMillis < 1) {
      throw new IllegalArgumentException("the period must be at least 1 ms: " + periodMillis);
    }
  }

  /** The power at {@code epochMillis}, in watts. */
  double wattsAt(long epochMillis) {
    double phase = (double) Math.floorMod(epochMillis, periodMillis) / periodMillis;
    return watts + amplitude * Math.sin(2 * Math.PI * phase);
  }
}

package io.jouleflow.agent.sensor;

/**
 * How much power a RAPL domain can draw at most, for telling a counter's wrap from a reset (see
 * {@link WrappingCounter}). The bounds are deliberately generous, several times the largest parts
 * sold: a bound too low would take a real wrap for a reset and lose a whole counter range, one too
 * high only lets a reset after a long gap in readings pass as a wrap.
 */
public final class MaxPower {

  /** Bound of {@code package} and {@code core}: 3× the 500 W of the largest server CPUs. */
  public static final double PACKAGE_WATTS = 1500;

  /** Bound of {@code dram} and {@code uncore}. */
  public static final double MEMORY_WATTS = 1000;

  /** Bound of {@code psys}, the whole platform. */
  public static final double PLATFORM_WATTS = 5000;

  private MaxPower() {}

  /** The bound in watts of domain {@code domain} ({@code package}, {@code dram}, ...). */
  public static double watts(String domain) {
    return switch (domain) {
      case "dram", "uncore" -> MEMORY_WATTS;
      case "psys" -> PLATFORM_WATTS;
      default -> PACKAGE_WATTS;
    };
  }
}

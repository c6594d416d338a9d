package io.jouleflow.agent.sensor.model;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-machine CPU energy estimated from utilisation: {@code P = P_idle + (TDP − P_idle) × u},
 * with {@code P_idle} = {@value #IDLE_FRACTION} × TDP and {@code u} the busy share of the CPU ticks
 * in {@code /proc/stat} since the previous reading, integrated over the clock into a cumulative
 * counter in joules that starts at 0 on the first reading and never decreases.
 *
 * <p>An interval in which no tick elapsed (readings faster than the kernel's tick) keeps the
 * previous utilisation; one in which the counters went backwards (e.g. a CPU unplugged) counts as
 * idle. A failed reading gives {@link Double#NaN} and the next good one covers the gap.
 */
final class ModelSensor implements ScheduledSensor {

  /** The share of the TDP drawn at 0 % utilisation. */
  static final double IDLE_FRACTION = 0.3;

  private static final Logger log = LoggerFactory.getLogger(ModelSensor.class);
  private static final double NANOS_PER_SECOND = 1e9;

  private final List<Series> series = List.of(Series.energy("model", "package", "0"));
  private final ProcStat stat;
  private final Clock clock;
  private final double idleWatts;
  private final double dynamicWatts;
  private final String description;
  private boolean started;
  private boolean failing;
  private long lastNanos;
  private long lastBusy;
  private long lastIdle;
  private double utilisation;
  private double joules;

  ModelSensor(ProcStat stat, Tdp tdp, Clock clock) {
    this.stat = stat;
    this.clock = clock;
    this.idleWatts = IDLE_FRACTION * tdp.watts();
    this.dynamicWatts = tdp.watts() - idleWatts;
    this.description =
        "estimate from CPU utilisation ("
            + stat.path()
            + "), TDP "
            + tdp.wattsText()
            + " W ("
            + tdp.reason()
            + ")";
  }

  @Override
  public List<Series> series() {
    return series;
  }

  @Override
  public void read(double[] values) {
    values[0] = refresh() ? integrate(clock.nanoTime()) : Double.NaN;
  }

  @Override
  public void close() {
    stat.close();
  }

  /**
   * What this sensor estimates and with which TDP, chosen how; for the start-up line, e.g. {@code
   * estimate from CPU utilisation (/proc/stat), TDP 80 W (10 W × 8 logical CPUs; no table entry for
   * 'Intel(R) Xeon(R) CPU @ 2.20GHz')}.
   */
  @Override
  public String toString() {
    return description;
  }

  /** Re-reads {@code stat}; logs the first failure of a run of them, and the recovery. */
  private boolean refresh() {
    try {
      if (stat.refresh()) {
        recovered();
        return true;
      }
      if (!failing) {
        log.warn("{} has no readable 'cpu ' first line; energy is NaN until it has", stat.path());
      }
    } catch (IOException e) {
      if (!failing) {
        log.warn("cannot read {}; energy is NaN until it can", stat.path(), e);
      }
    }
    failing = true;
    return false;
  }

  private void recovered() {
    if (failing) {
      failing = false;
      log.info("{} readable again", stat.path());
    }
  }

  /** Adds the energy since the last good reading; the first reading only sets the baseline. */
  private double integrate(long now) {
    if (started) {
      double seconds = Math.max(0, now - lastNanos) / NANOS_PER_SECOND;
      joules += (idleWatts + dynamicWatts * nextUtilisation()) * seconds;
    }
    started = true;
    lastNanos = now;
    lastBusy = stat.busyTicks();
    lastIdle = stat.idleTicks();
    return joules;
  }

  /** The busy share of the ticks since the last reading, as {@link ModelSensor} describes. */
  private double nextUtilisation() {
    long busy = stat.busyTicks() - lastBusy;
    long idle = stat.idleTicks() - lastIdle;
    if (busy < 0 || idle < 0) {
      utilisation = 0;
    } else if (busy + idle > 0) {
      utilisation = (double) busy / (busy + idle);
    }
    return utilisation;
  }
}

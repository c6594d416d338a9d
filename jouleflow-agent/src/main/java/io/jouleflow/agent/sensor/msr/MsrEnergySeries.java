package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.MaxPower;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One series: the energy registers it adds up (one register on Intel; one per core of a package for
 * AMD's {@code core} domain) and the joules of their unit, read as joules since opening.
 */
final class MsrEnergySeries {

  private static final Logger log = LoggerFactory.getLogger(MsrEnergySeries.class);

  private final Series series;
  private final EnergyRegister[] registers;
  private final double joulesPerUnit;

  private MsrEnergySeries(Series series, EnergyRegister[] registers, double joulesPerUnit) {
    this.series = series;
    this.registers = registers;
    this.joulesPerUnit = joulesPerUnit;
  }

  /**
   * Reads register {@code register} of every file once as its baseline.
   *
   * @return the series, or empty when a register cannot be read or all of them read 0: the CPU does
   *     not have or does not count this domain
   */
  static Optional<MsrEnergySeries> probe(
      Series series, List<MsrFile> files, long register, double joulesPerUnit) {
    return probe(series, files, register, joulesPerUnit, CounterWatch.system());
  }

  /**
   * {@link #probe(Series, List, long, double)} with the counters' clock and reset count; a step
   * back is a wrap only if the domain's maximum power ({@link MaxPower}) could explain it.
   */
  static Optional<MsrEnergySeries> probe(
      Series series, List<MsrFile> files, long register, double joulesPerUnit, CounterWatch watch) {
    double maxUnitsPerSecond =
        MaxPower.watts(series.labels().getOrDefault("domain", "")) / joulesPerUnit;
    EnergyRegister[] registers = new EnergyRegister[files.size()];
    boolean counting = false;
    for (int i = 0; i < registers.length; i++) {
      MsrFile file = files.get(i);
      try {
        registers[i] = EnergyRegister.open(file, register, series, maxUnitsPerSecond, watch);
      } catch (IOException e) {
        log.debug(
            "msr: skipping {}: cannot read {} of {}",
            series,
            MsrFile.hex(register),
            file.path(),
            e);
        return Optional.empty();
      }
      counting |= registers[i].baseline() != 0;
    }
    if (!counting) {
      log.debug("msr: skipping {}: {} reads 0", series, MsrFile.hex(register));
      return Optional.empty();
    }
    watch.resets().register(series);
    return Optional.of(new MsrEnergySeries(series, registers, joulesPerUnit));
  }

  /** The series this reports. */
  Series series() {
    return series;
  }

  /**
   * The joules counted since opening, or {@link Double#NaN} when a register cannot be read this
   * time (the next good reading then counts the energy missed).
   */
  double joulesSinceOpen() {
    boolean complete = true;
    long units = 0;
    for (EnergyRegister register : registers) {
      complete &= register.advance();
      units += register.units();
    }
    return complete ? units * joulesPerUnit : Double.NaN;
  }
}

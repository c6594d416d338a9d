package io.jouleflow.agent.sensor.rapl;

import io.jouleflow.agent.sensor.SensorDescriptions;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.nio.file.Path;
import java.util.List;

/** Reads the energy counters of the RAPL zones, one series per zone, in joules since opening. */
final class RaplSensor implements ScheduledSensor {

  private final List<Series> series;
  private final EnergyCounter[] counters;
  private final String description;

  private RaplSensor(List<Series> series, EnergyCounter[] counters, String description) {
    this.series = series;
    this.counters = counters;
    this.description = description;
  }

  /** Opens the counter of every zone, or none: a failure closes those already open. */
  static RaplSensor open(List<RaplZone> zones, EnergyCounter.Meter meter, Path powercap)
      throws UnavailableException {
    EnergyCounter[] counters = new EnergyCounter[zones.size()];
    for (int i = 0; i < counters.length; i++) {
      try {
        counters[i] = EnergyCounter.open(zones.get(i), meter);
      } catch (UnavailableException e) {
        closeAll(counters, i);
        throw e;
      }
    }
    List<Series> series = zones.stream().map(RaplZone::series).toList();
    return new RaplSensor(series, counters, describe(series, powercap));
  }

  /** What is measured and where, e.g. {@code measured: package, dram of devices 0, 1 (...)}. */
  @Override
  public String toString() {
    return description;
  }

  private static String describe(List<Series> series, Path powercap) {
    return SensorDescriptions.measured(series, "RAPL counters in " + powercap);
  }

  @Override
  public List<Series> series() {
    return series;
  }

  @Override
  public void read(double[] values) {
    for (int i = 0; i < counters.length; i++) {
      values[i] = counters[i].joulesSinceOpen();
    }
  }

  @Override
  public void close() {
    closeAll(counters, counters.length);
  }

  private static void closeAll(EnergyCounter[] counters, int count) {
    for (int i = 0; i < count; i++) {
      counters[i].close();
    }
  }
}

package io.jouleflow.agent.sensor.rapl;

import io.jouleflow.api.Series;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * One powercap zone to read.
 *
 * @param directory the zone's real directory, holding {@code energy_uj}
 * @param domain what the zone measures
 * @param device the package the zone belongs to, e.g. {@code 0}
 * @param mmio whether the zone is an {@code intel-rapl-mmio} view of a package
 */
record RaplZone(Path directory, RaplDomain domain, String device, boolean mmio) {

  /** Series order: by device (numerically), then by domain. */
  static final Comparator<RaplZone> SERIES_ORDER =
      Comparator.comparingLong((RaplZone zone) -> leadingNumber(zone.device()))
          .thenComparing(RaplZone::device)
          .thenComparing(RaplZone::domain);

  RaplZone {
    if (device.isEmpty()) {
      throw new IllegalArgumentException("empty device for zone " + directory);
    }
  }

  /** The series this zone reports. */
  Series series() {
    return Series.energy(RaplSensorProvider.NAME, domain.label(), device);
  }

  /** The zone's counter file. */
  Path energyFile() {
    return directory.resolve("energy_uj");
  }

  /** The file holding the counter's wrap point. */
  Path maxEnergyRangeFile() {
    return directory.resolve("max_energy_range_uj");
  }

  /** Whether this zone and {@code other} report the same series. */
  boolean sameSeries(RaplZone other) {
    return domain == other.domain && device.equals(other.device);
  }

  private static long leadingNumber(String device) {
    long number = 0;
    for (int i = 0; i < device.length() && Character.isDigit(device.charAt(i)) && i < 18; i++) {
      number = number * 10 + (device.charAt(i) - '0');
    }
    return number;
  }
}

package io.jouleflow.agent.sensor.rapl;

import io.jouleflow.agent.sensor.MaxPower;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The most power a zone can draw, for telling a wrap of its counter from a reset: twice the largest
 * {@code constraint_*_max_power_uw} the zone declares (a short-term limit may stand well above the
 * long-term one), but never less than the generous bound of its domain ({@link MaxPower}), which
 * also holds when the zone declares none (many do not, or declare 0).
 */
final class ZonePower {

  private static final double MICROWATTS_PER_WATT = 1e6;
  private static final int DECLARED_FACTOR = 2;

  private ZonePower() {}

  /** The bound in watts for {@code zone}. */
  static double maxWatts(RaplZone zone) {
    return Math.max(
        MaxPower.watts(zone.domain().label()),
        DECLARED_FACTOR * declaredMicrowatts(zone.directory()) / MICROWATTS_PER_WATT);
  }

  /**
   * The largest {@code constraint_*_max_power_uw} in {@code directory}; 0 when none is readable.
   */
  static long declaredMicrowatts(Path directory) {
    long largest = 0;
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, "constraint_*_max_power_uw")) {
      for (Path file : files) {
        largest = Math.max(largest, read(file));
      }
    } catch (IOException | RuntimeException e) {
      return largest;
    }
    return largest;
  }

  private static long read(Path file) {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}

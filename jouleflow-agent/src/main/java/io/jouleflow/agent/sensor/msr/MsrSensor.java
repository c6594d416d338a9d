package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.SensorDescriptions;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RAPL energy registers through the MSR device files, one series per domain and package, in
 * joules since opening.
 */
final class MsrSensor implements ScheduledSensor {

  private final List<Series> series;
  private final MsrEnergySeries[] readers;
  private final MsrFileSet files;
  private final String description;

  private MsrSensor(List<MsrEnergySeries> readers, MsrFileSet files, String description) {
    this.series = readers.stream().map(MsrEnergySeries::series).toList();
    this.readers = readers.toArray(MsrEnergySeries[]::new);
    this.files = files;
    this.description = description;
  }

  /**
   * Reads every package's unit register and tries each of the vendor's domains, keeping those that
   * give a reading. A failure closes the files already open.
   *
   * @throws UnavailableException when a file cannot be opened, a unit register cannot be read, or
   *     no domain gives a reading
   */
  static MsrSensor open(MsrVendor vendor, CpuInfo cpu, MsrFileSet files)
      throws UnavailableException {
    return open(vendor, cpu, files, CounterWatch.system());
  }

  /** {@link #open(MsrVendor, CpuInfo, MsrFileSet)} with the counters' clock and reset count. */
  static MsrSensor open(MsrVendor vendor, CpuInfo cpu, MsrFileSet files, CounterWatch watch)
      throws UnavailableException {
    try {
      List<MsrEnergySeries> readers = new ArrayList<>();
      for (CpuPackage cpuPackage : cpu.packages()) {
        readers.addAll(probe(vendor, cpu, cpuPackage, files, watch));
      }
      if (readers.isEmpty()) {
        throw new UnavailableException(
            "no RAPL energy register under " + files.directory() + " gives a reading");
      }
      return new MsrSensor(readers, files, describe(readers, vendor, cpu, files));
    } catch (UnavailableException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /** What is measured and where, e.g. {@code measured: package, dram of devices 0, 1 (...)}. */
  @Override
  public String toString() {
    return description;
  }

  @Override
  public List<Series> series() {
    return series;
  }

  @Override
  public void read(double[] values) {
    for (int i = 0; i < readers.length; i++) {
      values[i] = readers[i].joulesSinceOpen();
    }
  }

  @Override
  public void close() {
    files.close();
  }

  private static List<MsrEnergySeries> probe(
      MsrVendor vendor, CpuInfo cpu, CpuPackage cpuPackage, MsrFileSet files, CounterWatch watch)
      throws UnavailableException {
    MsrFile first = files.of(cpuPackage.firstCpu());
    double unit = unitOf(vendor, first);
    List<MsrEnergySeries> readers = new ArrayList<>();
    for (MsrDomain domain : vendor.domains()) {
      if (domain.reach() == MsrDomain.Reach.PLATFORM && cpuPackage.index() != 0) {
        continue;
      }
      List<MsrFile> sources =
          domain.reach() == MsrDomain.Reach.EVERY_CORE
              ? files.of(cpuPackage.coreCpus())
              : List.of(first);
      Series series = Series.energy(MsrSensorProvider.NAME, domain.label(), cpuPackage.device());
      double joules = joulesPerUnit(domain, cpu, unit);
      MsrEnergySeries.probe(series, sources, domain.register(), joules, watch)
          .ifPresent(readers::add);
    }
    return readers;
  }

  private static double unitOf(MsrVendor vendor, MsrFile file) throws UnavailableException {
    try {
      return EnergyUnit.fromUnitRegister(file.read(vendor.unitRegister()));
    } catch (IOException e) {
      throw new UnavailableException(
          "cannot read the RAPL unit register "
              + MsrFile.hex(vendor.unitRegister())
              + " from "
              + file.path()
              + " ("
              + MsrFile.reason(e)
              + "): this CPU, or the hypervisor, exposes no RAPL registers",
          e);
    }
  }

  private static double joulesPerUnit(MsrDomain domain, CpuInfo cpu, double unit) {
    return domain.equals(MsrDomain.INTEL_DRAM) && EnergyUnit.fixedDramUnit(cpu)
        ? EnergyUnit.SERVER_DRAM_JOULES
        : unit;
  }

  private static String describe(
      List<MsrEnergySeries> readers, MsrVendor vendor, CpuInfo cpu, MsrFileSet files) {
    List<Series> series = readers.stream().map(MsrEnergySeries::series).toList();
    boolean dramCounted = series.stream().anyMatch(s -> "dram".equals(s.labels().get("domain")));
    String dram =
        dramCounted && EnergyUnit.fixedDramUnit(cpu)
            ? "; dram in fixed 15.3 µJ units (Intel server model 0x"
                + Integer.toHexString(cpu.model())
                + ")"
            : "";
    return SensorDescriptions.measured(
            series, vendor.displayName() + " RAPL registers in " + files.directory())
        + dram;
  }
}

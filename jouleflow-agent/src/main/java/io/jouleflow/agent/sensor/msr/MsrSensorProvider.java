package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code msr} sensor: the RAPL energy registers read through the msr kernel module's device
 * files, {@code <MSR_PATH>/N/msr} (default {@code /dev/cpu}), for hosts with RAPL but no powercap
 * tree. It needs the module loaded and root or CAP_SYS_RAWIO.
 *
 * <p>Vendor and topology come from {@code <PROCFS_PATH>/cpuinfo}. Intel: unit register 0x606;
 * package 0x611, core 0x639, uncore 0x641 and dram 0x619 per package, psys 0x64D once as device 0.
 * AMD family 17h and later: unit register 0xC0010299; package 0xC001029B per package, and the
 * per-core 0xC001029A of every core of a package added up as its {@code core}. Each package's
 * registers are read through its lowest-numbered CPU; a domain whose register cannot be read, or
 * reads 0, at opening is left out. The energy unit is 1/2^bits[12:8] J of the unit register, except
 * DRAM on Intel server models (see {@link EnergyUnit}). Every 32-bit counter is wrap-corrected, so
 * sample at 1 Hz or faster.
 *
 * <p>Series: {@code jouleflow_energy_joules_total{source="msr",domain,device}}, {@code device} the
 * package index, in joules since opening.
 */
public final class MsrSensorProvider implements SensorProvider {

  static final String NAME = "msr";

  /** The setting naming the directory of the device files. */
  static final String PATH_SETTING = "MSR_PATH";

  /** Where Linux puts the device files. */
  static final String DEFAULT_PATH = "/dev/cpu";

  private static final Logger log = LoggerFactory.getLogger(MsrSensorProvider.class);

  private final ReadableFiles files;
  private final CounterWatch watch;

  /** The provider that {@link java.util.ServiceLoader} creates. */
  public MsrSensorProvider() {
    this(ReadableFiles.DEFAULT);
  }

  MsrSensorProvider(ReadableFiles files) {
    this(files, CounterWatch.system());
  }

  /** A provider reading through {@code files}, its counters timed and watched by {@code watch}. */
  MsrSensorProvider(ReadableFiles files, CounterWatch watch) {
    this.files = files;
    this.watch = watch;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "RAPL energy registers (package, core, uncore, dram, psys) read from /dev/cpu/N/msr";
  }

  /**
   * Finds the CPU's vendor and packages, opens the device files and takes a first reading.
   *
   * @throws UnavailableException in one line with the fix: unknown vendor, no device files (module
   *     not loaded), no permission (root or CAP_SYS_RAWIO), or no readable register
   */
  @Override
  public ScheduledSensor open(PluginContext context) throws UnavailableException {
    Path cpuinfo = context.procfs().resolve("cpuinfo");
    CpuInfo cpu = CpuInfo.read(cpuinfo);
    MsrVendor vendor = MsrVendor.of(cpu, cpuinfo);
    String path =
        context.setting(PATH_SETTING).filter(text -> !text.isBlank()).orElse(DEFAULT_PATH);
    Path directory = Path.of(path.strip());
    MsrSensor sensor = MsrSensor.open(vendor, cpu, MsrFileSet.under(directory, files), watch);
    log.debug("msr: reading {}", sensor.series());
    return sensor;
  }
}

package io.jouleflow.agent.sensor.rapl;

import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rapl} sensor: the cumulative energy counters of Intel and AMD RAPL (package, core,
 * uncore, dram, psys) read from the powercap sysfs tree, {@code SYSFS_PATH/class/powercap}.
 */
public final class RaplSensorProvider implements SensorProvider {

  static final String NAME = "rapl";

  private static final Logger log = LoggerFactory.getLogger(RaplSensorProvider.class);

  private final EnergyCounter.Meter meter;

  /** The provider that {@link java.util.ServiceLoader} creates. */
  public RaplSensorProvider() {
    this(ReadableFiles.DEFAULT);
  }

  RaplSensorProvider(ReadableFiles files) {
    this(files, CounterWatch.system());
  }

  /** A provider reading through {@code files}, its counters timed and watched by {@code watch}. */
  RaplSensorProvider(ReadableFiles files, CounterWatch watch) {
    this.meter = new EnergyCounter.Meter(files, watch);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "RAPL energy counters (package, core, uncore, dram, psys) from sysfs powercap";
  }

  @Override
  public ScheduledSensor open(PluginContext context) throws UnavailableException {
    Path powercap = context.sysfs().resolve("class/powercap");
    List<RaplZone> zones = new RaplZoneFinder(powercap).find();
    RaplSensor sensor = RaplSensor.open(zones, meter, powercap);
    log.debug("rapl: reading {} zones: {}", zones.size(), sensor.series());
    return sensor;
  }
}

package io.jouleflow.agent.sensor.nvml;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nvml} sensor: the energy of each NVIDIA GPU from NVML, one series per GPU, {@code
 * jouleflow_energy_joules_total{source="nvml",domain="gpu",device="<index>",uuid=..., name=...}},
 * in joules since the first reading. NVML is reached through the Foreign Function &amp; Memory API
 * (no JNI): {@code NVML_LIBRARY} when set, else {@code libnvidia-ml.so.1} from the loader's search
 * path.
 *
 * <p>Each GPU is measured by its energy counter ({@code nvmlDeviceGetTotalEnergyConsumption}) where
 * it has one, else by integrating its power readings ({@code nvmlDeviceGetPowerUsage}) over time.
 * GPUs are read every {@code NVML_INTERVAL_SECONDS} (default: the sampling interval, at least 50
 * ms), rounded up to whole sampling ticks; the series miss the ticks in between (see {@link
 * NvmlSensor}).
 */
public final class NvmlSensorProvider implements SensorProvider {

  static final String NAME = "nvml";
  static final String LIBRARY_SETTING = "NVML_LIBRARY";

  private static final Logger log = LoggerFactory.getLogger(NvmlSensorProvider.class);

  private final Clock clock;
  private final CounterResets resets;

  /** A provider on the system's monotonic clock, for {@link java.util.ServiceLoader}. */
  public NvmlSensorProvider() {
    this(Clock.SYSTEM, CounterResets.SHARED);
  }

  /** A provider on the given monotonic nanosecond clock counting resets in {@code resets}. */
  NvmlSensorProvider(Clock clock, CounterResets resets) {
    this.clock = clock;
    this.resets = resets;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "NVIDIA GPU energy from NVML (libnvidia-ml.so.1): each GPU's energy counter, else its"
        + " power integrated over time";
  }

  /**
   * Loads and initialises NVML and finds the GPUs.
   *
   * @throws UnavailableException in one line when the library is missing or not NVML, NVML fails to
   *     initialise (with the code, its name and the fix), there is no GPU or none can be read, or
   *     {@code NVML_INTERVAL_SECONDS} is invalid
   */
  @Override
  public ScheduledSensor open(PluginContext context) throws UnavailableException {
    ReadSchedule schedule = ReadSchedule.of(context);
    NvmlLibrary nvml = NvmlLibrary.load(library(context));
    try {
      nvml.init();
      List<NvmlGpu> gpus = new NvmlGpuFinder(nvml, resets).find();
      log.debug("nvml: reading {} GPUs every {} ticks", gpus.size(), schedule.ticksPerRead());
      return new NvmlSensor(nvml, gpus, schedule, clock);
    } catch (UnavailableException | RuntimeException e) {
      nvml.close();
      throw e;
    }
  }

  private static String library(PluginContext context) {
    return context
        .setting(LIBRARY_SETTING)
        .map(String::strip)
        .filter(text -> !text.isEmpty())
        .orElse(NvmlLibrary.DEFAULT_NAME);
  }
}

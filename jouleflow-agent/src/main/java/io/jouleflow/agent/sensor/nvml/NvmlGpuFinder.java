package io.jouleflow.agent.sensor.nvml;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the GPUs NVML sees and chooses how to measure each: its energy counter where NVML gives
 * one, else its power integrated over time. A GPU that gives neither, or no handle, UUID or name,
 * is skipped with a warning.
 */
final class NvmlGpuFinder {

  private static final Logger log = LoggerFactory.getLogger(NvmlGpuFinder.class);

  private final NvmlLibrary nvml;

  private final CounterResets resets;

  NvmlGpuFinder(NvmlLibrary nvml, CounterResets resets) {
    this.nvml = nvml;
    this.resets = resets;
  }

  /** The GPUs to read, in NVML index order, at least one. */
  List<NvmlGpu> find() throws UnavailableException {
    int count = count();
    if (count == 0) {
      throw new UnavailableException("NVML found no GPU");
    }
    List<NvmlGpu> gpus = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      gpu(index, problems).ifPresent(gpus::add);
    }
    if (gpus.isEmpty()) {
      throw new UnavailableException(
          "NVML found " + count + " GPUs but can read none: " + String.join("; ", problems));
    }
    return gpus;
  }

  private int count() throws UnavailableException {
    try {
      return nvml.deviceCount();
    } catch (NvmlException e) {
      throw new UnavailableException(e.reason(), e);
    }
  }

  private Optional<NvmlGpu> gpu(int index, List<String> problems) {
    try {
      MemorySegment device = nvml.deviceHandle(index);
      String uuid = nvml.deviceUuid(device);
      String name = nvml.deviceName(device);
      return Optional.of(new NvmlGpu(index, uuid, name, meter(index, device)));
    } catch (NvmlException e) {
      log.warn("nvml: skipping GPU {}: {}", index, e.reason());
      problems.add("GPU " + index + ": " + e.reason());
      return Optional.empty();
    }
  }

  private GpuMeter meter(int index, MemorySegment device) throws NvmlException {
    int counterCode = nvml.totalEnergy(device, nvml.allocate(JAVA_LONG));
    Series series = Series.energy(NvmlSensorProvider.NAME, "gpu", Integer.toString(index));
    if (counterCode == NvmlReturn.SUCCESS) {
      return new EnergyCounterMeter(nvml, device, series, resets);
    }
    GpuMeter power = new PowerMeter(nvml, device);
    int powerCode = power.probe();
    if (powerCode != NvmlReturn.SUCCESS) {
      throw new NvmlException(
          "no energy counter ("
              + nvml.describe(counterCode)
              + ") and no power reading ("
              + nvml.describe(powerCode)
              + ")");
    }
    log.info(
        "nvml: GPU {} gives no energy counter ({}); integrating its power readings instead",
        index,
        nvml.describe(counterCode));
    return power;
  }
}

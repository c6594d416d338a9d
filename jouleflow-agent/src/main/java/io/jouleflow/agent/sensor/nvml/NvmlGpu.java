package io.jouleflow.agent.sensor.nvml;

import io.jouleflow.api.Series;
import java.util.Map;

/**
 * One GPU the sensor reads.
 *
 * @param index NVML's index of the GPU, the {@code device} label
 * @param uuid the GPU's UUID, stable across reboots and index changes
 * @param name the product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param meter how its energy is measured
 */
record NvmlGpu(int index, String uuid, String name, GpuMeter meter) {

  /** The GPU's series: {@code jouleflow_energy_joules_total{source="nvml",domain="gpu",...}}. */
  Series series() {
    return Series.of(
        Series.ENERGY_METRIC,
        Map.of(
            "source",
            NvmlSensorProvider.NAME,
            "domain",
            "gpu",
            "device",
            Integer.toString(index),
            "uuid",
            uuid,
            "name",
            name));
  }

  /** The GPU for the start-up line: {@code GPU 0 (NVIDIA H100 80GB HBM3)}. */
  String describe() {
    return "GPU "
        + index
        + " ("
        + name
        + (meter.integratesPower() ? ", integrated power" : "")
        + ")";
  }
}

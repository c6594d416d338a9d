/**
 * The {@code nvml} sensor: the energy of NVIDIA GPUs read from NVML ({@code libnvidia-ml.so.1})
 * through the Foreign Function &amp; Memory API, without JNI.
 */
@NullMarked
package io.jouleflow.agent.sensor.nvml;

import org.jspecify.annotations.NullMarked;

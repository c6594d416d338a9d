/**
 * The {@code msr} sensor: RAPL energy counters read straight from the model-specific registers
 * through the {@code msr} kernel module's device files, for hosts with RAPL registers but no
 * powercap tree (older kernels, some AMD machines, restricted sysfs).
 */
@NullMarked
package io.jouleflow.agent.sensor.msr;

import org.jspecify.annotations.NullMarked;

/**
 * The {@code rapl} sensor: RAPL energy counters read from the kernel's powercap tree ({@code
 * SYSFS_PATH/class/powercap}), each zone counted once, wraps corrected, files kept open.
 */
@NullMarked
package io.jouleflow.agent.sensor.rapl;

import org.jspecify.annotations.NullMarked;

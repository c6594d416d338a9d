package io.jouleflow.agent.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Energy per workload: where the cgroups are, how often their CPU time is read, how finely pods are
 * split, and how many workloads get series of their own.
 *
 * @param cgroupPath {@code CGROUP_PATH}: where the cgroup hierarchies are mounted
 * @param interval {@code ATTRIBUTION_INTERVAL_SECONDS}: a multiple of the sampling interval
 * @param ticks the sampler ticks per attribution interval
 * @param level {@code ATTRIBUTION_LEVEL}
 * @param maxWorkloads {@code MAX_WORKLOADS}: beyond it the smallest fold into {@code other}
 * @param maxBytes {@code ATTRIBUTION_MAX_BYTES}: the most the table of energy per workload takes
 */
public record AttributionSettings(
    Path cgroupPath,
    Duration interval,
    int ticks,
    AttributionLevel level,
    int maxWorkloads,
    long maxBytes) {

  /** {@code ATTRIBUTION_MAX_BYTES}' default. */
  public static final long DEFAULT_MAX_BYTES = 8L << 20;

  /** With the default {@code ATTRIBUTION_MAX_BYTES}. */
  public AttributionSettings(
      Path cgroupPath, Duration interval, int ticks, AttributionLevel level, int maxWorkloads) {
    this(cgroupPath, interval, ticks, level, maxWorkloads, DEFAULT_MAX_BYTES);
  }

  /** Whether attribution runs at all. */
  public boolean enabled() {
    return level != AttributionLevel.OFF;
  }
}

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
 */
public record AttributionSettings(
    Path cgroupPath, Duration interval, int ticks, AttributionLevel level, int maxWorkloads) {

  /** Whether attribution runs at all. */
  public boolean enabled() {
    return level != AttributionLevel.OFF;
  }
}

package io.jouleflow.agent.assembly;

import io.jouleflow.agent.attribution.AttributionUnavailableException;
import io.jouleflow.agent.attribution.Attributor;
import io.jouleflow.agent.attribution.CgroupCpu;
import io.jouleflow.agent.attribution.WorkloadTableSize;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.Sampler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the energy per workload as the settings ask, or says in one line why it is off here (no
 * cgroup hierarchy, nothing to split) and lets the agent run without it.
 */
final class WorkloadAttribution {

  private static final Logger log = LoggerFactory.getLogger(WorkloadAttribution.class);

  private WorkloadAttribution() {}

  /**
   * An attributor of {@code feed} listening to {@code sampler}'s ticks, not yet started; null when
   * {@code ATTRIBUTION_LEVEL=off} or attribution cannot run here (logged).
   */
  static @Nullable Attributor open(Settings settings, Sampler sampler, Feed feed, Clock clock) {
    AttributionSettings attribution = settings.attribution();
    if (!attribution.enabled()) {
      return null;
    }
    if (!Attributor.splits(feed.columns())) {
      log.info("energy per workload is off: no sensor measures the CPUs' energy to split");
      return null;
    }
    CgroupCpu cgroups;
    try {
      cgroups = CgroupCpu.open(attribution.cgroupPath(), settings.sysfs(), attribution.level());
    } catch (AttributionUnavailableException e) {
      log.info("energy per workload is off: {}", e.getMessage());
      return null;
    }
    WorkloadTableSize size =
        WorkloadTableSize.of(feed.columns(), attribution, settings.maxQueueLen());
    Attributor attributor = Attributor.of(feed, cgroups, attribution, size.create(), clock);
    attributor.listenTo(sampler);
    return attributor;
  }
}

package io.jouleflow.agent.metrics;

import java.time.Duration;
import java.util.List;

/**
 * What the agent runs, for people: its version, sampling interval and sources, each with one line
 * saying what it measures and how.
 *
 * @param version the agent's version
 * @param interval the sampling interval
 * @param sources the scheduled sensors, in column order
 */
public record AgentSummary(String version, Duration interval, List<Source> sources) {

  /** Freezes the sources. */
  public AgentSummary {
    sources = List.copyOf(sources);
  }

  /**
   * One source of samples.
   *
   * @param name its name, e.g. {@code rapl}
   * @param description what it measures and how
   */
  public record Source(String name, String description) {}
}

package io.jouleflow.agent.config;

/** {@code ATTRIBUTION_LEVEL}: how finely pods are split, or no attribution at all. */
public enum AttributionLevel {
  /** A pod is one workload. */
  POD,
  /** Each container of a pod is a workload. */
  CONTAINER,
  /** No attribution. */
  OFF
}

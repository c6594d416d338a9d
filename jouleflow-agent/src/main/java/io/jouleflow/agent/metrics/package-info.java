/**
 * What the agent says about itself, in a neutral form every exporter reads: its own metrics (one
 * {@link io.jouleflow.agent.metrics.SelfMetricSource} supplies them) and its summary for people.
 */
@NullMarked
package io.jouleflow.agent.metrics;

import org.jspecify.annotations.NullMarked;

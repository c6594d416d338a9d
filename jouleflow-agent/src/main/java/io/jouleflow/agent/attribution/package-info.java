/**
 * Energy per workload: the workloads found in the cgroup hierarchy and their CPU time, the one rule
 * that splits each interval's energy over them (plus an explicit idle), the series that carry it,
 * and the cgroup of its own that {@code jouleflow measure} runs its command in.
 */
@NullMarked
package io.jouleflow.agent.attribution;

import org.jspecify.annotations.NullMarked;

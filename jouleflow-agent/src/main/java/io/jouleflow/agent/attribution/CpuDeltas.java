package io.jouleflow.agent.attribution;

import java.util.List;

/**
 * The CPU time each workload used since the previous reading, as {@link CgroupCpu#read} finds it.
 *
 * @param elapsedNanos monotonic time since the previous reading (0 for the first)
 * @param workloads the workloads seen in this reading, in a stable order
 * @param cpuNanos the CPU time of each of {@code workloads} since the previous reading: 0 for one
 *     seen for the first time; after a cgroup was recreated (its counter went backwards), its whole
 *     counter
 * @param otherNanos CPU time the hierarchy's root accounts for that none of {@code workloads} does
 *     (the root's own processes, cgroups that went away), never negative; 0 where the root has no
 *     counter
 * @param gone workloads seen in the previous reading and not in this one
 */
public record CpuDeltas(
    long elapsedNanos,
    List<Workload> workloads,
    long[] cpuNanos,
    long otherNanos,
    List<Workload> gone) {}

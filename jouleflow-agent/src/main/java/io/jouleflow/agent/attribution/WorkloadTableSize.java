package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.api.Series;
import java.util.List;

/**
 * The size of the energy per workload's table: two columns per workload series (a released column
 * waits for the ring to overwrite its rows before it is lent again), for {@code MAX_WORKLOADS}
 * workloads plus idle and other, per split machine series; rows spanning as much time as the sample
 * buffer (at least 16).
 *
 * @param rows rows asked for (the table rounds up to a power of two)
 * @param width columns
 */
public record WorkloadTableSize(int rows, int width) {

  /** The fewest rows: a few intervals for a slow reader even with a small sample buffer. */
  static final int MIN_ROWS = 16;

  /**
   * The table for the sampler's {@code columns}, the attribution {@code settings} and a sample
   * buffer of {@code maxQueueLen} rows.
   */
  public static WorkloadTableSize of(
      List<Series> columns, AttributionSettings settings, int maxQueueLen) {
    long split = columns.stream().filter(EnergyColumns::isCpuEnergy).count();
    long width = 2L * (settings.maxWorkloads() + 2) * split;
    long rows = Math.max(MIN_ROWS, (maxQueueLen + (long) settings.ticks() - 1) / settings.ticks());
    return new WorkloadTableSize((int) rows, Math.toIntExact(width));
  }

  /** The heap the table takes. */
  public long bytes() {
    return WorkloadTable.bytesFor(rows, width);
  }

  /** A new, empty table of this size. */
  public WorkloadTable create() {
    return new WorkloadTable(rows, width);
  }
}

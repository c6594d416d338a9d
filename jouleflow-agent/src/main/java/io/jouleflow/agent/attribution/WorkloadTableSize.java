package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.api.Series;
import java.util.List;

/**
 * The size of the energy per workload's table: a column per workload series for {@code
 * MAX_WORKLOADS} workloads plus idle and other, per split machine series, and a quarter more (a
 * released column waits for the ring to overwrite its rows before it is lent again: workloads that
 * come and go faster than that fold into {@code other}, counted); rows spanning as much time as the
 * sample buffer, rounded up to a power of two, but no more than fit in {@code
 * ATTRIBUTION_MAX_BYTES} (at least 16).
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
    long series = (settings.maxWorkloads() + 2L) * split;
    long width = series + (series + 3) / 4;
    long span = Math.max(MIN_ROWS, (maxQueueLen + (long) settings.ticks() - 1) / settings.ticks());
    // The ring rounds its rows up to a power of two: fit that, not the rows asked for.
    long fit = Long.highestOneBit(Math.max(1, settings.maxBytes() / ((width + 1) * Double.BYTES)));
    long rows = Math.max(MIN_ROWS, Math.min(ceilingPowerOfTwo(span), fit));
    return new WorkloadTableSize((int) rows, Math.toIntExact(width));
  }

  private static long ceilingPowerOfTwo(long value) {
    long power = Long.highestOneBit(value);
    return power == value ? value : power << 1;
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

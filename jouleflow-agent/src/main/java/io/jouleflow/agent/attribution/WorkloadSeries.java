package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.api.Series;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One workload's series of energy, one per split machine series: the table columns lent to them and
 * the joules each has been given so far.
 */
final class WorkloadSeries {

  private final Workload workload;
  private final int[] columns;
  private final double[] joules;

  /** The interval in which the workload was last seen. */
  long seen;

  private WorkloadSeries(Workload workload, int[] columns) {
    this.workload = workload;
    this.columns = columns;
    this.joules = new double[columns.length];
  }

  /**
   * Lends {@code workload} a column of {@code table} for each of {@code energy}; null when the
   * table has not that many free (then it lends none).
   */
  static @Nullable WorkloadSeries lend(
      Workload workload, List<Series> energy, WorkloadTable table) {
    if (!table.canLend(energy.size())) {
      return null;
    }
    int[] columns = new int[energy.size()];
    for (int e = 0; e < columns.length; e++) {
      columns[e] = table.lend(workload.energySeries(energy.get(e)));
      if (columns[e] < 0) {
        throw new IllegalStateException("the table had " + energy.size() + " columns to lend");
      }
    }
    return new WorkloadSeries(workload, columns);
  }

  Workload workload() {
    return workload;
  }

  /** Adds {@code share} of each column's {@code gained} energy. */
  void add(double[] gained, double share) {
    for (int e = 0; e < joules.length; e++) {
      joules[e] += EnergySplit.joules(gained[e], share);
    }
  }

  /** The joules given so far for split column {@code e}. */
  double joules(int e) {
    return joules[e];
  }

  /** Writes the joules so far into {@code row}. */
  void write(double[] row) {
    for (int e = 0; e < columns.length; e++) {
      row[columns[e]] = joules[e];
    }
  }

  /** Writes the staleness marker into {@code row}: the series ended. */
  void writeStale(double[] row) {
    for (int column : columns) {
      row[column] = WorkloadTable.STALE;
    }
  }

  /** Gives the columns back, once the row with the staleness marker is appended. */
  void release(WorkloadTable table) {
    for (int column : columns) {
      table.release(column);
    }
  }
}

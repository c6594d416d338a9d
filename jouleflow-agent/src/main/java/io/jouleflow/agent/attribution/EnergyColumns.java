package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sampler's CPU-side energy columns (the machine series attribution splits) and the energy each
 * gained since its last valid value. A missing value (NaN) adds nothing now: its energy is carried
 * into the next interval that has a value. GPU series and plugin records are not split.
 */
final class EnergyColumns {

  private final int[] indexes;
  private final List<Series> series;
  private final double[] last;

  private EnergyColumns(int[] indexes, List<Series> series) {
    this.indexes = indexes;
    this.series = List.copyOf(series);
    this.last = new double[indexes.length];
    Arrays.fill(last, Double.NaN);
  }

  /** The CPU-side energy columns among the sampler's {@code columns}. */
  static EnergyColumns of(List<Series> columns) {
    List<Series> found = new ArrayList<>();
    int[] indexes = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      if (isCpuEnergy(columns.get(i))) {
        indexes[found.size()] = i;
        found.add(columns.get(i));
      }
    }
    return new EnergyColumns(Arrays.copyOf(indexes, found.size()), found);
  }

  /** Whether {@code series} is the machine's CPU-side energy, split over the workloads. */
  static boolean isCpuEnergy(Series series) {
    return EnergySplit.splits(series);
  }

  /** How many columns are split. */
  int count() {
    return indexes.length;
  }

  /** The machine series of each split column, in order. */
  List<Series> series() {
    return series;
  }

  /** Takes row {@code row} of {@code batch} as the starting point: nothing gained yet. */
  void baseline(RowBatch batch, int row) {
    for (int e = 0; e < indexes.length; e++) {
      double value = batch.value(row, indexes[e]);
      if (!Double.isNaN(value)) {
        last[e] = value;
      }
    }
  }

  /**
   * Writes into {@code gained} what each column gained since its last valid value up to row {@code
   * row} of {@code batch}: 0 where the row has no value (carried) or where the column had none
   * before (its first value is its baseline).
   */
  void gained(RowBatch batch, int row, double[] gained) {
    for (int e = 0; e < indexes.length; e++) {
      double value = batch.value(row, indexes[e]);
      if (Double.isNaN(value)) {
        gained[e] = 0;
        continue;
      }
      gained[e] = Double.isNaN(last[e]) ? 0 : value - last[e];
      last[e] = value;
    }
  }
}

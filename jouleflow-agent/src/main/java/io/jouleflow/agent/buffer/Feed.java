package io.jouleflow.agent.buffer;

import io.jouleflow.api.Series;
import java.util.List;

/**
 * Everything the exporters read: the scheduled sensors' rows with the series of each column, the
 * plugins' records with the registry that names their series, and the energy per workload.
 *
 * @param rows the sampler's ring
 * @param columns the series of each row column
 * @param records the plugin records' ring
 * @param registry the series of the plugin records
 * @param workloads the energy per workload, one row per attribution interval (no columns when
 *     attribution is off)
 */
public record Feed(
    SampleRing rows,
    List<Series> columns,
    RecordRing records,
    SeriesRegistry registry,
    WorkloadTable workloads) {

  /** Freezes the columns and checks they match the rows. */
  public Feed {
    columns = List.copyOf(columns);
    if (columns.size() != rows.width()) {
      throw new IllegalArgumentException(
          columns.size() + " columns for rows of width " + rows.width());
    }
  }

  /** A feed without energy per workload. */
  public Feed(SampleRing rows, List<Series> columns, RecordRing records, SeriesRegistry registry) {
    this(rows, columns, records, registry, WorkloadTable.none());
  }

  /** A feed of sampled rows and no plugin records. */
  public static Feed of(SampleRing rows, List<Series> columns) {
    return new Feed(rows, columns, new RecordRing(1), new SeriesRegistry(0));
  }

  /** This feed with {@code table} as its energy per workload. */
  public Feed withWorkloads(WorkloadTable table) {
    return new Feed(rows, columns, records, registry, table);
  }
}

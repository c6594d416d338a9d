package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.WorkloadTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Writes the energy per workload: the columns of a {@link WorkloadTable}, each under the series of
 * its owner. The owners are read once the scrape's range is fixed: a column's rows at or after its
 * owner's first row are that owner's (contiguous and ascending); rows before it belonged to an
 * earlier owner, whose rows the ring overwrote before the column was lent again, and are not
 * written. A column lent again while the scrape writes it only takes rows appended after the range,
 * so what the scrape copies is still the owner's it read (or overwritten, then lost).
 *
 * <p>A family's columns are written in the order their owners got them, so a series whose workload
 * came back in another column has its samples in time order. NaN (no sample) and the staleness
 * marker are not written: a scrape has no staleness marker. Each column's line prefix is cached for
 * its owner, so the cache holds at most one prefix per column, whatever the number of workloads
 * that came and went; scrapes share it.
 */
final class WorkloadFamily {

  private final WorkloadTable table;
  private final AtomicReferenceArray<@Nullable Prefix> prefixes;

  WorkloadFamily(WorkloadTable table) {
    this.table = table;
    this.prefixes = new AtomicReferenceArray<>(table.width());
  }

  /**
   * Writes the rows {@code [first, end)} of every owned column, each family (metric) once, with
   * HELP and TYPE; nothing when no column has an owner.
   */
  void write(
      boolean openMetrics,
      long first,
      long end,
      RowBatch chunk,
      AsciiBuffer out,
      ExpositionWriter.Tally tally) {
    Map<String, List<Column>> byMetric = new LinkedHashMap<>();
    for (int column = 0; column < table.width(); column++) {
      WorkloadTable.Owner owner = table.owner(column);
      if (owner != null && owner.firstRow() < end) {
        byMetric
            .computeIfAbsent(owner.series().metric(), metric -> new ArrayList<>())
            .add(new Column(column, owner));
      }
    }
    for (Map.Entry<String, List<Column>> family : byMetric.entrySet()) {
      // In the order the owners got their columns: a workload back after its series ended may
      // get a column before its old one, and Prometheus drops a sample older than the last.
      family.getValue().sort(Comparator.comparingLong(column -> column.owner().firstRow()));
      MetricFamily.header(family.getKey(), openMetrics, out);
      for (Column column : family.getValue()) {
        long from = Math.max(first, column.owner().firstRow());
        ExpositionWriter.writeColumn(
            openMetrics,
            table.ring(),
            column.index(),
            from,
            end,
            prefix(column),
            chunk,
            out,
            tally);
      }
    }
  }

  private byte[] prefix(Column column) {
    Prefix cached = prefixes.get(column.index());
    if (cached != null && cached.owner() == column.owner()) {
      return cached.bytes();
    }
    byte[] bytes = MetricFamily.prefix(column.owner().series());
    prefixes.set(column.index(), new Prefix(column.owner(), bytes));
    return bytes;
  }

  private record Column(int index, WorkloadTable.Owner owner) {}

  /** A column's line prefix, for the owner it was made for (compared by identity). */
  private record Prefix(WorkloadTable.Owner owner, byte[] bytes) {}
}

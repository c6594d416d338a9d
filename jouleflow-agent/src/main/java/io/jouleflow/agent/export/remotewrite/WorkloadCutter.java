package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.buffer.RingCursor;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the energy per workload after the shipper's own cursor in a {@link WorkloadTable} into
 * blocks of at most {@code maxSamples} samples. A value at (column, row) is sent under the series
 * of the column's owner when the row is at or after the owner's first row, else skipped (an earlier
 * owner's, whose rows the ring overwrote before the column was lent again). Within one copy of the
 * rows a column has one owner: a column lent again after the copy only owns rows appended later.
 *
 * <p>NaN is no sample and is skipped; the staleness marker is sent with its exact bits, so the
 * receiver ends the series. Each column's labels are encoded once per owner, with the external
 * labels; the cache holds one entry per column, whatever the number of workloads that came and
 * went.
 */
final class WorkloadCutter {

  private final WorkloadTable table;
  private final RingCursor<RowBatch> cursor;
  private final Map<String, String> externalLabels;
  private final int maxSamples;
  private final ShipperStats stats;
  private final RowBatch rows = new RowBatch();
  private final @Nullable Labels[] labels;

  WorkloadCutter(
      WorkloadTable table, int maxSamples, Map<String, String> externalLabels, ShipperStats stats) {
    this.table = table;
    this.cursor = table.ring().cursor();
    this.externalLabels = externalLabels;
    this.maxSamples = maxSamples;
    this.stats = stats;
    this.labels = new Labels[table.width()];
  }

  /** Takes a block whose slots are columns, encoded with {@link #labels(int)}. */
  interface BlockSink {
    void accept(SampleBlock block) throws InterruptedException;
  }

  /** Cuts every row after the cursor into {@code block}s for {@code sink}. */
  void cut(SampleBlock block, BlockSink sink) throws InterruptedException {
    RowBatch batch = cursor.peek(rows);
    int width = batch.width();
    long first = batch.firstSequence();
    if (width == 0) {
      commit(first, batch.endSequence());
      return;
    }
    long cells = (long) batch.size() * width;
    long position = 0;
    do {
      position = fill(batch, position, block);
      if (block.samples() > 0) {
        sink.accept(block);
      }
      commit(first, first + position / width);
    } while (position < cells);
  }

  /** The encoded labels of the series of {@code column}'s values in the block last filled. */
  byte[] labels(int column) {
    Labels cached = labels[column];
    if (cached == null) {
      throw new IllegalStateException("column " + column + " has no owner in this block");
    }
    return cached.bytes();
  }

  /** Fills the block from cell {@code from} (row-major) on; returns the cell after the last. */
  private long fill(RowBatch batch, long from, SampleBlock block) {
    block.clear();
    int width = batch.width();
    int rowCount = batch.size();
    int column = (int) (from % width);
    for (int row = (int) (from / width); row < rowCount; row++, column = 0) {
      long sequence = batch.firstSequence() + row;
      long timestamp = batch.timestampMillis(row);
      for (; column < width; column++) {
        double value = batch.value(row, column);
        if ((!Double.isNaN(value) || WorkloadTable.isStale(value)) && owns(column, sequence)) {
          block.add(column, timestamp, value);
          if (block.samples() == maxSamples) {
            return (long) row * width + column + 1;
          }
        }
      }
    }
    return (long) rowCount * width;
  }

  /**
   * Whether row {@code sequence} of {@code column} is its owner's now; if so, makes sure the
   * column's labels are that owner's.
   */
  private boolean owns(int column, long sequence) {
    WorkloadTable.Owner owner = table.owner(column);
    if (owner == null || sequence < owner.firstRow()) {
      return false;
    }
    Labels cached = labels[column];
    if (cached == null || cached.owner() != owner) {
      labels[column] = new Labels(owner, RemoteWriteEncoder.labels(owner.series(), externalLabels));
    }
    return true;
  }

  private void commit(long first, long end) {
    long before = cursor.dropped();
    cursor.commit(first, end);
    long dropped = cursor.dropped();
    if (dropped > before) {
      // a lost row counts once per column that had an owner when it was noticed
      stats.recordDropped(DropReason.OVERRUN, (dropped - before) * table.ownedColumns());
    }
  }

  /** A column's encoded labels, for the owner they were made for (compared by identity). */
  private record Labels(WorkloadTable.Owner owner, byte[] bytes) {}
}

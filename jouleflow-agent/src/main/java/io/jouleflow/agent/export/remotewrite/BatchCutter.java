package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RingCursor;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Cuts what is after the shipper's own cursors in the sample ring and the record ring into batches
 * of at most {@code maxSamples} samples, in ring order, and commits each cursor once the sink has
 * taken a batch (sent, dropped or queued for retry). The buffer guarantees that every series'
 * samples ascend in ring order (see {@link io.jouleflow.agent.buffer.SampleRing} and {@link
 * io.jouleflow.agent.buffer.RecordRing}), so they ascend within and across batches; NaN row values
 * are no sample and are skipped, every record is a sample. The energy per workload has a cursor of
 * its own too (see {@link WorkloadCutter}).
 */
final class BatchCutter {

  private static final byte[] NOT_ENCODED = new byte[0];

  private final RingCursor<RowBatch> rowCursor;
  private final RingCursor<RecordBatch> recordCursor;
  private final SeriesRegistry registry;
  private final Map<String, String> externalLabels;
  private final byte[][] columnLabels;
  private final int maxSamples;
  private final ShipperStats stats;
  private final RowBatch rows = new RowBatch();
  private final RecordBatch records = new RecordBatch();
  private final SampleBlock block = new SampleBlock();
  private final RemoteWriteEncoder encoder = new RemoteWriteEncoder();
  private final SnappyBlock snappy = new SnappyBlock();
  private byte[][] seriesLabels = new byte[0][];
  private final WorkloadCutter workloads;
  private long rowsDropped;
  private long recordsDropped;

  /**
   * @param externalLabels added to every series' labels, which are encoded once up front
   */
  BatchCutter(Feed feed, int maxSamples, Map<String, String> externalLabels, ShipperStats stats) {
    this.rowCursor = feed.rows().cursor();
    this.recordCursor = feed.records().cursor();
    this.registry = feed.registry();
    this.externalLabels = externalLabels;
    this.columnLabels =
        feed.columns().stream()
            .map(series -> RemoteWriteEncoder.labels(series, externalLabels))
            .toArray(byte[][]::new);
    this.maxSamples = maxSamples;
    this.stats = stats;
    this.workloads = new WorkloadCutter(feed.workloads(), maxSamples, externalLabels, stats);
  }

  /** Takes a batch: sends it, drops it or queues it for retry. */
  interface Sink {
    void accept(Batch batch) throws InterruptedException;
  }

  /**
   * Cuts everything after the cursors into batches for {@code sink}: rows first, then records, then
   * the energy per workload.
   */
  void cut(Sink sink) throws InterruptedException {
    cutRows(sink);
    cutRecords(sink);
    workloads.cut(block, filled -> sink.accept(encode(workloads::labels)));
  }

  private void cutRows(Sink sink) throws InterruptedException {
    RowBatch batch = rowCursor.peek(rows);
    int width = batch.width();
    long first = batch.firstSequence();
    if (width == 0) {
      commitRows(first, batch.endSequence(), 0);
      return;
    }
    long cells = (long) batch.size() * width;
    long position = 0;
    do {
      position = fillRows(batch, position);
      if (block.samples() > 0) {
        sink.accept(encode(slot -> columnLabels[slot]));
      }
      commitRows(first, first + position / width, width);
    } while (position < cells);
  }

  /** Fills the block from cell {@code from} (row-major) on; returns the cell after the last. */
  private long fillRows(RowBatch batch, long from) {
    block.clear();
    int width = batch.width();
    int rowCount = batch.size();
    int column = (int) (from % width);
    for (int row = (int) (from / width); row < rowCount; row++, column = 0) {
      long timestamp = batch.timestampMillis(row);
      for (; column < width; column++) {
        double value = batch.value(row, column);
        if (!Double.isNaN(value)) {
          block.add(column, timestamp, value);
          if (block.samples() == maxSamples) {
            return (long) row * width + column + 1;
          }
        }
      }
    }
    return (long) rowCount * width;
  }

  private void cutRecords(Sink sink) throws InterruptedException {
    RecordBatch batch = recordCursor.peek(records);
    int position = 0;
    do {
      position = fillRecords(batch, position);
      if (block.samples() > 0) {
        sink.accept(encode(this::recordLabels));
      }
      recordCursor.commit(batch.firstSequence(), batch.firstSequence() + position);
      long dropped = recordCursor.dropped();
      stats.recordDropped(DropReason.OVERRUN, dropped - recordsDropped);
      recordsDropped = dropped;
    } while (position < batch.size());
  }

  private int fillRecords(RecordBatch batch, int from) {
    block.clear();
    for (int i = from; i < batch.size(); i++) {
      int id = batch.seriesId(i);
      if (id >= seriesLabels.length) {
        growSeries(id + 1);
      }
      block.add(id, batch.timestampMillis(i), batch.value(i));
      if (block.samples() == maxSamples) {
        return i + 1;
      }
    }
    return batch.size();
  }

  private Batch encode(IntFunction<byte[]> labels) {
    ProtoBuffer request = encoder.encode(block, labels);
    return new Batch(snappy.compress(request.array(), request.size()), block.samples());
  }

  private void commitRows(long first, long end, int width) {
    rowCursor.commit(first, end);
    long dropped = rowCursor.dropped();
    stats.recordDropped(DropReason.OVERRUN, (dropped - rowsDropped) * width);
    rowsDropped = dropped;
  }

  private byte[] recordLabels(int id) {
    if (seriesLabels[id] == NOT_ENCODED) {
      seriesLabels[id] = RemoteWriteEncoder.labels(registry.series(id), externalLabels);
    }
    return seriesLabels[id];
  }

  private void growSeries(int needed) {
    int length = Math.max(needed, seriesLabels.length * 2);
    int old = seriesLabels.length;
    seriesLabels = Arrays.copyOf(seriesLabels, length);
    Arrays.fill(seriesLabels, old, length, NOT_ENCODED);
  }
}

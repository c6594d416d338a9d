package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes sampled rows, plugin records and self-metrics as OpenMetrics 1.0 or text 0.0.4. Every
 * sample is written with its own timestamp; a series' samples are contiguous and ascending, and
 * families are not interleaved (a plugin's series of the agent's energy metric join its family).
 * The energy per workload follows the families of rows and records (see {@link WorkloadFamily}).
 * Self-metrics carry no timestamp.
 *
 * <p>It reads the rings directly, a bounded chunk at a time (see {@link Chunks}): a column of rows
 * per pass, the records once to find their series, then per series from its first record to its
 * last. So writing the whole buffer takes memory of the size of a chunk, not of the buffer; the
 * output goes to an {@link AsciiBuffer}, which may stream it on.
 */
final class ExpositionWriter {

  /**
   * What a scrape wrote.
   *
   * @param samples timestamped samples written
   * @param lost samples of the range overwritten before the writer reached them
   */
  record Written(long samples, long lost) {}

  private final SampleRing rows;
  private final RecordRing records;
  private final SeriesRegistry registry;
  private final List<String> columnMetrics;
  private final Map<String, int[]> columnsByMetric;
  private final byte[][] columnPrefixes;
  private final Map<Integer, byte[]> recordPrefixes = new ConcurrentHashMap<>();
  private final WorkloadFamily workloads;

  /** A writer for the rows and records of {@code feed}. */
  ExpositionWriter(Feed feed) {
    List<Series> columns = feed.columns();
    Map<String, List<Integer>> byMetric = new LinkedHashMap<>();
    columnPrefixes = new byte[columns.size()][];
    for (int i = 0; i < columns.size(); i++) {
      byMetric.computeIfAbsent(columns.get(i).metric(), name -> new ArrayList<>()).add(i);
      columnPrefixes[i] = MetricFamily.prefix(columns.get(i));
    }
    this.columnMetrics = List.copyOf(byMetric.keySet());
    this.columnsByMetric = new LinkedHashMap<>();
    byMetric.forEach(
        (metric, indexes) ->
            columnsByMetric.put(metric, indexes.stream().mapToInt(Integer::intValue).toArray()));
    this.rows = feed.rows();
    this.records = feed.records();
    this.registry = feed.registry();
    this.workloads = new WorkloadFamily(feed.workloads());
  }

  /**
   * Writes every non-NaN value of the rows of {@code range}, every record of it, the energy per
   * workload of its workload rows, then {@code self}, in {@code format}, reading the rings through
   * {@code chunks}.
   */
  Written write(
      ExpositionFormat format,
      ScrapeRange range,
      List<SelfMetric> self,
      Chunks chunks,
      AsciiBuffer out) {
    boolean openMetrics = format == ExpositionFormat.OPENMETRICS;
    RecordSeries series =
        RecordSeries.scan(
            records,
            registry,
            range.firstRecord(),
            range.endRecord(),
            Chunks.RECORDS,
            chunks.records);
    List<String> metrics = new ArrayList<>(columnMetrics);
    series.metrics().stream().filter(metric -> !metrics.contains(metric)).forEach(metrics::add);
    Tally tally = new Tally();
    for (String metric : metrics) {
      MetricFamily.header(metric, openMetrics, out);
      for (int column : columnsByMetric.getOrDefault(metric, new int[0])) {
        writeColumn(openMetrics, range, column, chunks.column, out, tally);
      }
      for (int seriesId : series.seriesOf(metric)) {
        writeRecords(openMetrics, series, seriesId, chunks.records, out, tally);
      }
    }
    workloads.write(
        openMetrics, range.firstWorkloadRow(), range.endWorkloadRow(), chunks.column, out, tally);
    for (SelfMetric metric : self) {
      MetricFamily.writeSelf(openMetrics, metric, out);
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return new Written(tally.samples, tally.lost);
  }

  private void writeColumn(
      boolean openMetrics,
      ScrapeRange range,
      int column,
      RowBatch chunk,
      AsciiBuffer out,
      Tally tally) {
    writeColumn(
        openMetrics,
        rows,
        column,
        range.firstRow(),
        range.endRow(),
        columnPrefixes[column],
        chunk,
        out,
        tally);
  }

  /**
   * Writes every non-NaN value of column {@code column} of {@code ring}'s rows {@code [from, end)}
   * under {@code prefix}, a chunk at a time, counting the rows overwritten before they were read as
   * lost.
   */
  static void writeColumn(
      boolean openMetrics,
      SampleRing ring,
      int column,
      long from,
      long end,
      byte[] prefix,
      RowBatch chunk,
      AsciiBuffer out,
      Tally tally) {
    long next = from;
    while (next < end) {
      ring.copyColumn(next, end, column, Chunks.ROWS, chunk);
      tally.lost += Math.min(chunk.firstSequence(), end) - next;
      for (int row = 0; row < chunk.size(); row++) {
        double value = chunk.value(row, 0);
        if (!Double.isNaN(value)) {
          writeSample(openMetrics, prefix, value, chunk.timestampMillis(row), out);
          tally.samples++;
        }
      }
      if (chunk.endSequence() <= next) {
        return;
      }
      next = chunk.endSequence();
    }
  }

  private void writeRecords(
      boolean openMetrics,
      RecordSeries series,
      int seriesId,
      RecordBatch chunk,
      AsciiBuffer out,
      Tally tally) {
    byte[] prefix =
        recordPrefixes.computeIfAbsent(seriesId, id -> MetricFamily.prefix(registry.series(id)));
    long written = 0;
    long next = series.first(seriesId);
    long end = series.last(seriesId) + 1;
    while (next < end) {
      records.copyRange(next, end, Chunks.RECORDS, chunk);
      for (int i = 0; i < chunk.size(); i++) {
        if (chunk.seriesId(i) == seriesId) {
          writeSample(openMetrics, prefix, chunk.value(i), chunk.timestampMillis(i), out);
          written++;
        }
      }
      if (chunk.endSequence() <= next) {
        break;
      }
      next = chunk.endSequence();
    }
    tally.samples += written;
    tally.lost += series.count(seriesId) - written;
  }

  static void writeSample(
      boolean openMetrics, byte[] prefix, double value, long timestampMillis, AsciiBuffer out) {
    out.append(prefix).appendValue(value).append(' ');
    if (openMetrics) {
      out.appendMillisAsSeconds(timestampMillis);
    } else {
      out.append(timestampMillis);
    }
    out.append('\n');
  }

  /** Samples written and lost so far in one scrape. */
  static final class Tally {
    long samples;
    long lost;
  }
}

package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RowBatch;
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
 * Self-metrics carry no timestamp.
 */
final class ExpositionWriter {

  private final List<String> columnMetrics;
  private final Map<String, int[]> columnsByMetric;
  private final byte[][] columnPrefixes;
  private final SeriesRegistry registry;
  private final Map<Integer, byte[]> recordPrefixes = new ConcurrentHashMap<>();

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
    this.registry = feed.registry();
  }

  /**
   * Writes every non-NaN value of {@code rows}, every record of {@code records}, then {@code self},
   * in {@code format}; returns how many timestamped samples it wrote.
   */
  long write(
      ExpositionFormat format,
      RowBatch rows,
      RecordBatch records,
      List<SelfMetric> self,
      AsciiBuffer out) {
    boolean openMetrics = format == ExpositionFormat.OPENMETRICS;
    RecordIndex index = RecordIndex.of(records, registry);
    List<String> metrics = new ArrayList<>(columnMetrics);
    index.metrics().stream().filter(metric -> !metrics.contains(metric)).forEach(metrics::add);
    long samples = 0;
    for (String metric : metrics) {
      MetricFamily.header(metric, openMetrics, out);
      for (int column : columnsByMetric.getOrDefault(metric, new int[0])) {
        samples += writeColumn(openMetrics, rows, column, columnPrefixes[column], out);
      }
      for (int seriesId : index.seriesOf(metric)) {
        samples += writeRecords(openMetrics, records, index, seriesId, out);
      }
    }
    for (SelfMetric metric : self) {
      MetricFamily.writeSelf(openMetrics, metric, out);
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return samples;
  }

  private static int writeColumn(
      boolean openMetrics, RowBatch rows, int column, byte[] prefix, AsciiBuffer out) {
    int written = 0;
    for (int row = 0; row < rows.size(); row++) {
      double value = rows.value(row, column);
      if (!Double.isNaN(value)) {
        writeSample(openMetrics, prefix, value, rows.timestampMillis(row), out);
        written++;
      }
    }
    return written;
  }

  private int writeRecords(
      boolean openMetrics, RecordBatch records, RecordIndex index, int seriesId, AsciiBuffer out) {
    byte[] prefix =
        recordPrefixes.computeIfAbsent(seriesId, id -> MetricFamily.prefix(registry.series(id)));
    int[] positions = index.positionsOf(seriesId);
    for (int position : positions) {
      writeSample(
          openMetrics, prefix, records.value(position), records.timestampMillis(position), out);
    }
    return positions.length;
  }

  private static void writeSample(
      boolean openMetrics, byte[] prefix, double value, long timestampMillis, AsciiBuffer out) {
    out.append(prefix).appendValue(value).append(' ');
    if (openMetrics) {
      out.appendMillisAsSeconds(timestampMillis);
    } else {
      out.append(timestampMillis);
    }
    out.append('\n');
  }
}

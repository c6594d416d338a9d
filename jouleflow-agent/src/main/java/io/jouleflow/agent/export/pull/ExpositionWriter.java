package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.sampling.RowBatch;
import io.jouleflow.api.Series;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes sampled rows and self-metrics as OpenMetrics 1.0 or text 0.0.4. Every sample of the rows
 * is written with its own timestamp; a series' samples are contiguous and ascending, and families
 * are not interleaved. Self-metrics carry no timestamp.
 */
final class ExpositionWriter {

  private static final String ENERGY_HELP =
      "Energy used since the agent started, wrap-corrected, never decreasing.";

  private final List<Family> families;

  /** A writer for rows whose columns are {@code columns}, in ring order. */
  ExpositionWriter(List<Series> columns) {
    Map<String, List<Integer>> byMetric = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      byMetric.computeIfAbsent(columns.get(i).metric(), name -> new ArrayList<>()).add(i);
    }
    List<Family> built = new ArrayList<>();
    byMetric.forEach((metric, indexes) -> built.add(Family.of(metric, indexes, columns)));
    this.families = List.copyOf(built);
  }

  /** Writes every non-NaN value of {@code rows}, then {@code self}, in {@code format}. */
  void write(ExpositionFormat format, RowBatch rows, List<SelfMetric> self, AsciiBuffer out) {
    boolean openMetrics = format == ExpositionFormat.OPENMETRICS;
    for (Family family : families) {
      family.writeHeader(openMetrics, out);
      for (int i = 0; i < family.columns.length; i++) {
        writeColumn(openMetrics, rows, family.columns[i], family.prefixes[i], out);
      }
    }
    for (SelfMetric metric : self) {
      writeSelf(openMetrics, metric, out);
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
  }

  private static void writeColumn(
      boolean openMetrics, RowBatch rows, int column, byte[] prefix, AsciiBuffer out) {
    for (int row = 0; row < rows.size(); row++) {
      double value = rows.value(row, column);
      if (Double.isNaN(value)) {
        continue;
      }
      out.append(prefix).appendValue(value).append(' ');
      if (openMetrics) {
        out.appendMillisAsSeconds(rows.timestampMillis(row));
      } else {
        out.append(rows.timestampMillis(row));
      }
      out.append('\n');
    }
  }

  private static void writeSelf(boolean openMetrics, SelfMetric metric, AsciiBuffer out) {
    boolean counter = metric.type().equals("counter");
    String sampleName = counter ? metric.name() + "_total" : metric.name();
    String familyName = openMetrics ? metric.name() : sampleName;
    out.append("# HELP ").append(familyName).append(' ').append(escapeHelp(metric.help()));
    out.append("\n# TYPE ").append(familyName).append(' ').append(metric.type()).append('\n');
    for (SelfMetric.Point point : metric.points()) {
      out.append(sampleName);
      if (!point.labels().isEmpty()) {
        out.append('{');
        for (int i = 0; i < point.labels().size(); i += 2) {
          if (i > 0) {
            out.append(',');
          }
          out.append(point.labels().get(i)).append("=\"");
          out.append(escapeLabelValue(point.labels().get(i + 1))).append('"');
        }
        out.append('}');
      }
      out.append(' ').appendValue(point.value()).append('\n');
    }
  }

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** One metric family of sampled series, with the byte prefix of each series' lines. */
  private record Family(
      String sampleName,
      String baseName,
      String type,
      String help,
      int[] columns,
      byte[][] prefixes) {

    static Family of(String metric, List<Integer> indexes, List<Series> columns) {
      boolean counter = metric.endsWith("_total");
      String base = counter ? metric.substring(0, metric.length() - "_total".length()) : metric;
      String help =
          metric.equals(Series.ENERGY_METRIC) ? ENERGY_HELP : "Samples of " + metric + ".";
      int[] columnIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
      byte[][] prefixes = new byte[columnIndexes.length][];
      for (int i = 0; i < columnIndexes.length; i++) {
        prefixes[i] = prefix(columns.get(columnIndexes[i]));
      }
      return new Family(metric, base, counter ? "counter" : "gauge", help, columnIndexes, prefixes);
    }

    void writeHeader(boolean openMetrics, AsciiBuffer out) {
      String name = openMetrics ? baseName : sampleName;
      out.append("# HELP ").append(name).append(' ').append(escapeHelp(help));
      out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
      if (openMetrics && baseName.endsWith("_joules")) {
        out.append("# UNIT ").append(name).append(" joules\n");
      }
    }

    private static byte[] prefix(Series series) {
      StringBuilder line = new StringBuilder(series.metric());
      if (!series.labels().isEmpty()) {
        line.append('{');
        series
            .labels()
            .forEach(
                (name, value) ->
                    line.append(name).append("=\"").append(escapeLabelValue(value)).append("\","));
        line.setCharAt(line.length() - 1, '}');
      }
      return line.append(' ').toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}

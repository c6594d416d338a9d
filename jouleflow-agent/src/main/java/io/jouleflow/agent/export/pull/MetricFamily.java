package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.api.Series;
import java.nio.charset.StandardCharsets;

/** Family metadata lines and series prefixes, as each format wants them. */
final class MetricFamily {

  private static final String ENERGY_HELP =
      "Energy used since the agent started, wrap-corrected, never decreasing.";

  /** The metric of the energy per workload (the attribution's {@code Workload.ENERGY_METRIC}). */
  static final String WORKLOAD_ENERGY_METRIC = "jouleflow_workload_energy_joules_total";

  private static final String WORKLOAD_ENERGY_HELP =
      "The workload's share of a machine energy series by its CPU time, since the agent first saw it.";

  private MetricFamily() {}

  /**
   * Writes HELP, TYPE (and UNIT) of the family of sample name {@code metric}: a name ending in
   * {@code _total} is a counter (OpenMetrics names the family without the suffix), any other is of
   * unknown type.
   */
  static void header(String metric, boolean openMetrics, AsciiBuffer out) {
    boolean counter = metric.endsWith("_total");
    String base = counter ? metric.substring(0, metric.length() - "_total".length()) : metric;
    String name = openMetrics ? base : metric;
    String help =
        switch (metric) {
          case Series.ENERGY_METRIC -> ENERGY_HELP;
          case WORKLOAD_ENERGY_METRIC -> WORKLOAD_ENERGY_HELP;
          default -> "Samples of " + metric + ".";
        };
    String type = counter ? "counter" : openMetrics ? "unknown" : "untyped";
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help));
    out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    if (openMetrics && counter && base.endsWith("_joules")) {
      out.append("# UNIT ").append(name).append(" joules\n");
    }
  }

  static void writeSelf(boolean openMetrics, SelfMetric metric, AsciiBuffer out) {
    String sampleName = metric.sampleName();
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

  /** The bytes every sample line of {@code series} starts with: name, labels and a space. */
  static byte[] prefix(Series series) {
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

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}

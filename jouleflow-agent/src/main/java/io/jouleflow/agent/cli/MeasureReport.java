package io.jouleflow.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@code jouleflow measure}: per series the joules between the reading before the
 * command and the last reading after it, and the average watts over that span.
 *
 * @param command the command and its arguments
 * @param durationSeconds the command's wall time
 * @param exitCode the command's exit status
 * @param domains one entry per series
 */
record MeasureReport(
    List<String> command, double durationSeconds, int exitCode, List<Domain> domains) {

  /** The report's formats. */
  enum Format {
    TEXT,
    JSON,
    CSV
  }

  /**
   * One series' energy.
   *
   * @param labels the series' labels (source, domain, device, and any others)
   * @param joules energy used, NaN when the sensor gave no reading
   * @param watts average power
   */
  record Domain(Map<String, String> labels, double joules, double watts) {
    String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  static MeasureReport of(
      List<String> command,
      List<Series> columns,
      RowBatch before,
      RowBatch after,
      double durationSeconds,
      int exitCode) {
    List<Domain> domains = new ArrayList<>();
    for (int column = 0; column < columns.size(); column++) {
      int first = firstReading(before, column);
      int last = lastReading(after, column);
      double joules = Double.NaN;
      double watts = Double.NaN;
      if (first >= 0 && last >= 0) {
        joules = after.value(last, column) - before.value(first, column);
        double seconds = (after.timestampMillis(last) - before.timestampMillis(first)) / 1000.0;
        watts = seconds > 0 ? joules / seconds : Double.NaN;
      }
      domains.add(new Domain(columns.get(column).labels(), joules, watts));
    }
    return new MeasureReport(List.copyOf(command), durationSeconds, exitCode, domains);
  }

  String render(Format format) {
    return switch (format) {
      case TEXT -> text();
      case JSON -> json();
      case CSV -> csv();
    };
  }

  private String text() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "jouleflow measure: '%s' exited with status %d after" + " %.3f s%n",
            String.join(" ", command),
            exitCode,
            durationSeconds));
    text.append(
        String.format(
            Locale.ROOT,
            "%-8s %-8s %-7s %14s %12s%n",
            "source",
            "domain",
            "device",
            "joules",
            "watts"));
    for (Domain domain : domains) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-8s %-8s %-7s %14.3f %12.3f%n",
              domain.label("source"),
              domain.label("domain"),
              domain.label("device"),
              domain.joules,
              domain.watts));
    }
    return text.toString();
  }

  private String csv() {
    StringBuilder csv =
        new StringBuilder("source,domain,device,joules,watts,duration_seconds," + "exit_code\n");
    for (Domain domain : domains) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%.6f,%.6f,%.6f,%d%n",
              domain.label("source"),
              domain.label("domain"),
              domain.label("device"),
              domain.joules,
              domain.watts,
              durationSeconds,
              exitCode));
    }
    return csv.toString();
  }

  private String json() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeArrayFieldStart("command");
      for (String word : command) {
        json.writeString(word);
      }
      json.writeEndArray();
      json.writeNumberField("duration_seconds", durationSeconds);
      json.writeNumberField("exit_code", exitCode);
      json.writeArrayFieldStart("domains");
      for (Domain domain : domains) {
        json.writeStartObject();
        for (Map.Entry<String, String> label : domain.labels.entrySet()) {
          json.writeStringField(label.getKey(), label.getValue());
        }
        number(json, "joules", domain.joules);
        number(json, "watts", domain.watts);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text + "\n";
  }

  private static void number(JsonGenerator json, String name, double value) throws IOException {
    if (Double.isNaN(value)) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  private static int firstReading(RowBatch rows, int column) {
    for (int row = 0; row < rows.size(); row++) {
      if (!Double.isNaN(rows.value(row, column))) {
        return row;
      }
    }
    return -1;
  }

  private static int lastReading(RowBatch rows, int column) {
    for (int row = rows.size() - 1; row >= 0; row--) {
      if (!Double.isNaN(rows.value(row, column))) {
        return row;
      }
    }
    return -1;
  }
}

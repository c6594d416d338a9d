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
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@code jouleflow measure}: per series the joules between the reading before the
 * command and the last reading after it, and the average watts over that span; where the command
 * ran in a cgroup of its own, also its share of each CPU-side series ({@link CommandShare}) and its
 * CPU seconds.
 *
 * @param command the command and its arguments
 * @param durationSeconds the command's wall time
 * @param exitCode the command's exit status
 * @param domains one entry per series
 * @param attributed whether the command ran in a cgroup of its own, so its share is known
 * @param cpuSeconds the command's CPU time, NaN when not attributed
 */
record MeasureReport(
    List<String> command,
    double durationSeconds,
    int exitCode,
    List<Domain> domains,
    boolean attributed,
    double cpuSeconds) {

  /**
   * Domains that the total leaves out: core and uncore are parts of package, psys holds package and
   * dram.
   */
  static final Set<String> NOT_IN_TOTAL = Set.of("core", "uncore", "psys");

  /** A word that a shell takes as it is. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

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
   * @param commandJoules the command's share of {@code joules}; NaN when not split (GPUs, plugins)
   *     or not attributed
   */
  record Domain(Map<String, String> labels, double joules, double watts, double commandJoules) {
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
      int exitCode,
      @Nullable CommandShare share) {
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
      double commandJoules =
          share != null && CommandShare.splits(columns.get(column))
              ? share.commandJoules(column)
              : Double.NaN;
      domains.add(new Domain(columns.get(column).labels(), joules, watts, commandJoules));
    }
    return new MeasureReport(
        List.copyOf(command),
        durationSeconds,
        exitCode,
        domains,
        share != null,
        share == null ? Double.NaN : share.cpuSeconds());
  }

  /**
   * The sum over the domains but those in {@link #NOT_IN_TOTAL}, as a domain without labels;
   * readings that are NaN add nothing.
   */
  Domain total() {
    double joules = 0;
    double watts = 0;
    double commandJoules = 0;
    for (Domain domain : domains) {
      if (NOT_IN_TOTAL.contains(domain.label("domain"))) {
        continue;
      }
      joules += zeroIfNaN(domain.joules);
      watts += zeroIfNaN(domain.watts);
      commandJoules += zeroIfNaN(domain.commandJoules);
    }
    return new Domain(Map.of(), joules, watts, attributed ? commandJoules : Double.NaN);
  }

  private static double zeroIfNaN(double value) {
    return Double.isNaN(value) ? 0 : value;
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
            "jouleflow measure: %s exited with status %d after %.3f s%n",
            shellWords(command),
            exitCode,
            durationSeconds));
    text.append(
        attributed
            ? String.format(
                Locale.ROOT,
                "the command used %.3f CPU seconds; command_joules is its share of the machine's"
                    + " energy by E x cpu / (CPUs x time), per interval%n",
                cpuSeconds)
            : String.format(
                "the machine's energy only: the command ran without a cgroup of its own%n"));
    text.append(
        String.format(
            Locale.ROOT,
            "%-8s %-8s %-7s %14s %12s",
            "source",
            "domain",
            "device",
            "joules",
            "watts"));
    text.append(
        attributed ? String.format("  %14s %12s%n", "command_joules", "cpu_seconds") : "\n");
    for (Domain domain : domains) {
      textRow(text, domain.label("source"), domain.label("domain"), domain.label("device"), domain);
    }
    textRow(text, "total", "", "", total());
    return text.toString();
  }

  /** The command as a shell would take it back: a word with other characters is single-quoted. */
  static String shellWords(List<String> command) {
    StringBuilder words = new StringBuilder();
    for (String word : command) {
      if (!words.isEmpty()) {
        words.append(' ');
      }
      words.append(
          PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'");
    }
    return words.toString();
  }

  private void textRow(
      StringBuilder text, String source, String domainName, String device, Domain domain) {
    text.append(
        String.format(
            Locale.ROOT,
            "%-8s %-8s %-7s %14.3f %12.3f",
            source,
            domainName,
            device,
            domain.joules,
            domain.watts));
    if (attributed) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %14s %12.3f",
              Double.isNaN(domain.commandJoules)
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", domain.commandJoules),
              cpuSeconds));
    }
    text.append('\n');
  }

  private String csv() {
    StringBuilder csv =
        new StringBuilder(
            "source,domain,device,joules,watts,duration_seconds,exit_code,command_joules,"
                + "cpu_seconds\n");
    for (Domain domain : domains) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%.6f,%.6f,%.6f,%d,%s,%s%n",
              domain.label("source"),
              domain.label("domain"),
              domain.label("device"),
              domain.joules,
              domain.watts,
              durationSeconds,
              exitCode,
              csvNumber(domain.commandJoules),
              csvNumber(cpuSeconds)));
    }
    return csv.toString();
  }

  private static String csvNumber(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
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
        jsonFigures(json, domain);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("total");
      jsonFigures(json, total());
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text + "\n";
  }

  private void jsonFigures(JsonGenerator json, Domain domain) throws IOException {
    number(json, "joules", domain.joules);
    number(json, "watts", domain.watts);
    if (attributed) {
      number(json, "command_joules", domain.commandJoules);
      number(json, "cpu_seconds", cpuSeconds);
    }
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

package io.jouleflow.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.runtime.ShellWords;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@code jouleflow measure}: per series the joules between the reading just before
 * the command and the last reading after it, the window between those two readings, and the average
 * watts over it (joules / window); where the command ran in a cgroup of its own, also its share of
 * each CPU-side series ({@link CommandShare}) and its CPU seconds. Every format shows the same
 * figures, rounded to 3 decimals (millijoules, milliseconds, milliwatts).
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

  private static final String ROW = "%-8s %-8s %-7s %12s  %14s  %10s";

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
   * @param windowSeconds the time between the two readings the joules are the difference of, NaN
   *     without readings
   * @param commandJoules the command's share of {@code joules}; NaN when not split (GPUs, plugins)
   *     or not attributed
   */
  record Domain(
      Map<String, String> labels, double joules, double windowSeconds, double commandJoules) {
    String label(String name) {
      return labels.getOrDefault(name, "");
    }

    /** Average power over the window: joules / window. */
    double watts() {
      return windowSeconds > 0 ? joules / windowSeconds : Double.NaN;
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
      double seconds = Double.NaN;
      if (first >= 0 && last >= 0) {
        joules = after.value(last, column) - before.value(first, column);
        seconds = (after.timestampMillis(last) - before.timestampMillis(first)) / 1000.0;
      }
      double commandJoules =
          share != null && CommandShare.splits(columns.get(column))
              ? share.commandJoules(column)
              : Double.NaN;
      domains.add(new Domain(columns.get(column).labels(), joules, seconds, commandJoules));
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
   * readings that are NaN add nothing. Its window is the domains' where they share one (the usual
   * case), and its watts then joules / window; else the window is NaN and the watts are not shown.
   */
  Domain total() {
    double joules = 0;
    double commandJoules = 0;
    Set<Double> windows = new HashSet<>();
    for (Domain domain : domains) {
      if (NOT_IN_TOTAL.contains(domain.label("domain")) || Double.isNaN(domain.joules)) {
        continue;
      }
      joules += domain.joules;
      windows.add(domain.windowSeconds);
      commandJoules += zeroIfNaN(domain.commandJoules);
    }
    return new Domain(
        Map.of(),
        joules,
        windows.size() == 1 ? windows.iterator().next() : Double.NaN,
        attributed ? commandJoules : Double.NaN);
  }

  private static double zeroIfNaN(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  /** {@code value} with 3 decimals, or {@code -} for NaN. */
  static String decimal(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "-"
        : BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
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
            "jouleflow measure: %s exited with status %d after %s s%n",
            ShellWords.join(command),
            exitCode,
            decimal(durationSeconds)));
    text.append(
        attributed
            ? "the command used "
                + decimal(cpuSeconds)
                + " CPU seconds; command_joules is its share of the machine's energy by"
                + " E x cpu / (CPUs x time), per interval\n"
            : "the machine's energy only: the command ran without a cgroup of its own\n");
    text.append(
        String.format(
            Locale.ROOT, ROW, "source", "domain", "device", "joules", "window_seconds", "watts"));
    text.append(attributed ? String.format("  %14s%n", "command_joules") : "\n");
    for (Domain domain : domains) {
      textRow(text, domain.label("source"), domain.label("domain"), domain.label("device"), domain);
    }
    textRow(text, "total", "", "", total());
    text.append(
        "watts = joules / window_seconds: from the reading just before the command to the one"
            + " after it\n");
    return text.toString();
  }

  private void textRow(
      StringBuilder text, String source, String domainName, String device, Domain domain) {
    text.append(
        String.format(
            Locale.ROOT,
            ROW,
            source,
            domainName,
            device,
            decimal(domain.joules),
            decimal(domain.windowSeconds),
            decimal(domain.watts())));
    if (attributed) {
      text.append(String.format(Locale.ROOT, "  %14s", decimal(domain.commandJoules)));
    }
    text.append('\n');
  }

  private String csv() {
    StringBuilder csv =
        new StringBuilder(
            "source,domain,device,joules,window_seconds,watts,command_joules,duration_seconds,"
                + "exit_code,cpu_seconds\n");
    for (Domain domain : domains) {
      csvRow(csv, domain.label("source"), domain.label("domain"), domain.label("device"), domain);
    }
    csvRow(csv, "total", "", "", total());
    return csv.toString();
  }

  private void csvRow(
      StringBuilder csv, String source, String domainName, String device, Domain domain) {
    csv.append(
        String.join(
            ",",
            source,
            domainName,
            device,
            csvNumber(domain.joules),
            csvNumber(domain.windowSeconds),
            csvNumber(domain.watts()),
            csvNumber(domain.commandJoules),
            csvNumber(durationSeconds),
            Integer.toString(exitCode),
            csvNumber(cpuSeconds)));
    csv.append('\n');
  }

  /** A number with 3 decimals, empty for NaN. */
  private static String csvNumber(double value) {
    String text = decimal(value);
    return text.equals("-") ? "" : text;
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
      json.writeNumberField("exit_code", exitCode);
      number(json, "duration_seconds", durationSeconds);
      if (attributed) {
        number(json, "cpu_seconds", cpuSeconds);
      }
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
    number(json, "window_seconds", domain.windowSeconds);
    number(json, "watts", domain.watts());
    if (attributed) {
      number(json, "command_joules", domain.commandJoules);
    }
  }

  /** A number with 3 decimals, null for NaN. */
  private static void number(JsonGenerator json, String name, double value) throws IOException {
    String text = decimal(value);
    if (text.equals("-")) {
      json.writeNullField(name);
    } else {
      json.writeFieldName(name);
      json.writeNumber(text);
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

package io.jouleflow.agent.sensor.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Thermal design power by CPU model name, from the {@code tdp.tsv} resource shipped next to this
 * class: one {@code regex<TAB>watts} line per model, searched for case-insensitively, first match
 * wins.
 */
final class TdpTable {

  private static final String RESOURCE = "tdp.tsv";

  private final List<Entry> entries;

  private TdpTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The table shipped with the agent. */
  static TdpTable builtIn() {
    try (InputStream in = TdpTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the agent");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  /** The TDP in watts of the first entry whose pattern occurs in {@code modelName}, if any. */
  OptionalDouble wattsFor(String modelName) {
    for (Entry entry : entries) {
      if (entry.pattern().matcher(modelName).find()) {
        return OptionalDouble.of(entry.watts());
      }
    }
    return OptionalDouble.empty();
  }

  /** How many models the table knows. */
  int size() {
    return entries.size();
  }

  private static TdpTable parse(BufferedReader reader) throws IOException {
    List<Entry> entries = new ArrayList<>();
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (!line.isBlank() && !line.startsWith("#")) {
        entries.add(Entry.parse(line, number));
      }
    }
    return new TdpTable(entries);
  }

  /**
   * One model.
   *
   * @param pattern searched for in the model name, case-insensitively
   * @param watts its TDP, positive
   */
  private record Entry(Pattern pattern, double watts) {

    private Entry {
      if (!(watts > 0)) {
        throw new IllegalArgumentException("TDP must be positive: " + watts);
      }
    }

    static Entry parse(String line, int number) {
      int tab = line.indexOf('\t');
      if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
        throw new IllegalStateException(
            RESOURCE + " line " + number + ": want 'regex<TAB>watts', got '" + line + "'");
      }
      return new Entry(
          Pattern.compile(line.substring(0, tab), Pattern.CASE_INSENSITIVE),
          Double.parseDouble(line.substring(tab + 1).strip()));
    }
  }
}

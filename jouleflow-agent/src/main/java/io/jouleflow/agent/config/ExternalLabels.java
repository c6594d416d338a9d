package io.jouleflow.agent.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads {@code EXTERNAL_LABELS}, the labels added to every pushed series as Prometheus adds its
 * {@code external_labels}: {@code name=value} pairs separated by commas, names as Prometheus label
 * names but never {@code __...} (reserved for Prometheus), values non-empty, {@value #HOST_NAME} in
 * a value standing for this host's name. Empty means none.
 */
final class ExternalLabels {

  /** Stands for this host's name in a value. */
  static final String HOST_NAME = "<hostname>";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Values values;
  private final Supplier<String> hostName;

  /**
   * @param hostName this host's name, asked only when a value holds {@value #HOST_NAME}
   */
  ExternalLabels(Values values, Supplier<String> hostName) {
    this.values = values;
    this.hostName = hostName;
  }

  /** The labels by name; empty when the setting is empty. */
  Map<String, String> assemble() throws SettingsException {
    Map<String, String> labels = new TreeMap<>();
    String text = values.text(Setting.EXTERNAL_LABELS);
    if (text.isEmpty()) {
      return labels;
    }
    for (String pair : text.split(",", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
      String value = equals < 0 ? "" : pair.substring(equals + 1).strip();
      if (!NAME.matcher(name).matches() || name.startsWith("__")) {
        throw invalid(
            "'" + SettingsException.printable(name) + "' is not a label name, or starts with __");
      }
      if (value.isEmpty()) {
        throw invalid("label " + name + " has no value");
      }
      if (labels.put(name, withHostName(value)) != null) {
        throw invalid("label " + name + " is given twice");
      }
    }
    return labels;
  }

  private String withHostName(String value) throws SettingsException {
    if (!value.contains(HOST_NAME)) {
      return value;
    }
    String host = hostName.get();
    if (host.isEmpty() && values.text(Setting.EXPORT_MODE).equalsIgnoreCase("pull")) {
      return value; // nothing is pushed: no reason to stop the agent
    }
    if (host.isEmpty()) {
      throw invalid(
          "this host's name cannot be read; write it out, e.g. instance=node-1, or set"
              + " EXTERNAL_LABELS empty for none");
    }
    return value.replace(HOST_NAME, host);
  }

  private SettingsException invalid(String why) {
    return values.invalid(Setting.EXTERNAL_LABELS, "; here " + why);
  }
}

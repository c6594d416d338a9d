package io.jouleflow.agent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Assembles {@link PluginSettings}: the exec plugins ({@code EXEC_COMMAND} as {@code exec}, then
 * the file's {@code EXEC_COMMAND_<NAME>}), the plugins' own keys, the queue sizes and the defaults
 * given to records that carry no metric name or source label.
 */
final class PluginSection {

  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final Values values;
  private final FreeKeys freeKeys;

  PluginSection(Values values, FreeKeys freeKeys) {
    this.values = values;
    this.freeKeys = freeKeys;
  }

  PluginSettings assemble() throws SettingsException {
    Map<String, List<String>> exec = execCommands();
    String metric = values.matching(Setting.METRIC_DEFAULT, METRIC);
    return new PluginSettings(
        values.directory(Setting.PLUGINS_DIR),
        exec,
        values.integer(Setting.RAW_QUEUE_SIZE, 1, 10_000_000),
        values.integer(Setting.PROC_QUEUE_SIZE, 1, 10_000_000),
        values.integer(Setting.MAX_RECORD_QUEUE_LEN, 1, 1 << 24),
        values.integer(Setting.MAX_SERIES, 1, 1_000_000),
        values.nonEmpty(Setting.SERVICE_LABEL),
        metric,
        freeKeys.pluginSettings(),
        values.integer(Setting.EXEC_MAX_RECORDS_PER_SECOND, 1, 1_000_000));
  }

  private Map<String, List<String>> execCommands() throws SettingsException {
    Map<String, List<String>> exec = new LinkedHashMap<>();
    String line = values.text(Setting.EXEC_COMMAND);
    if (!line.isEmpty()) {
      exec.put("exec", FreeKeys.command(Setting.EXEC_COMMAND.name(), line));
    }
    exec.putAll(freeKeys.execCommands());
    return exec;
  }
}

package io.jouleflow.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How plugins are found and fed.
 *
 * @param dir folder of plugin jars
 * @param execCommands exec plugins by name ({@code exec} for {@code EXEC_COMMAND}, {@code
 *     exec-<name>} for {@code EXEC_COMMAND_<NAME>} in the file), each a program and its arguments
 * @param rawQueueSize raw records queued per plugin
 * @param procQueueSize processed records queued before the buffer
 * @param maxRecords plugin records kept in the buffer
 * @param maxSeries distinct plugin series kept
 * @param serviceLabel source label of records that carry none
 * @param metricDefault metric name of records that carry none
 * @param own every {@code PLUGIN_<NAME>_<KEY>} setting, by its full name
 * @param execMaxRecordsPerSecond records an exec plugin may write per second; more are shed
 */
public record PluginSettings(
    Optional<Path> dir,
    Map<String, List<String>> execCommands,
    int rawQueueSize,
    int procQueueSize,
    int maxRecords,
    int maxSeries,
    String serviceLabel,
    String metricDefault,
    Map<String, String> own,
    int execMaxRecordsPerSecond) {

  /** Freezes the collections. */
  public PluginSettings {
    execCommands = Map.copyOf(execCommands);
    own = Map.copyOf(own);
  }
}

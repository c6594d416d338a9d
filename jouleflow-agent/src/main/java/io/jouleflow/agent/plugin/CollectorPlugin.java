package io.jouleflow.agent.plugin;

import io.jouleflow.api.Collector;
import io.jouleflow.api.Processor;

/**
 * An open free-running plugin, ready for the {@link PluginPipeline}: its collector and the
 * processor between its raw and processed records.
 *
 * @param name the plugin's name, as in {@code SENSORS}; names its threads and its statistics
 * @param description one line saying what it measures and how, for the start-up log
 * @param collector the open collector; the pipeline runs it and closes it
 * @param processor its processor, {@link Processor#IDENTITY} for none
 */
public record CollectorPlugin(
    String name, String description, Collector collector, Processor processor) {

  /** Checks the name. */
  public CollectorPlugin {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a plugin needs a name");
    }
  }
}

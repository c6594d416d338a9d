package io.jouleflow.agent.plugin.exec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Where a program's stderr lines go: the agent's log, or a list in tests. */
@FunctionalInterface
interface StderrLog {

  /** Logs one line the program wrote to stderr (or a note about dropped lines). */
  void line(Level level, String text);

  /** Logs through this class's logger, prefixed with the plugin's name. */
  static StderrLog toLog(String plugin) {
    Logger log = LoggerFactory.getLogger(StderrLog.class);
    return (level, text) -> log.atLevel(level).log("exec plugin '{}' stderr: {}", plugin, text);
  }
}

package io.jouleflow.agent.it;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.config.SettingsLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** In-process agents that read a fake RAPL tree, as the ITs start them. */
final class RaplAgents {

  private RaplAgents() {}

  /**
   * Starts an agent reading the RAPL tree under {@code sysfs} every 0.1 s, serving on 127.0.0.1 at
   * a free port, with {@code settings} added or overriding those.
   */
  static Agent start(Path sysfs, Map<String, String> settings) throws Exception {
    Map<String, String> environment =
        new HashMap<>(
            Map.of(
                "SYSFS_PATH", sysfs.toString(),
                "SENSORS", "rapl",
                "EXPORTER_PORT", "0",
                "EXPORTER_ADDRESS", "127.0.0.1",
                "SCRAPE_INTERVAL_SECONDS", "0.1"));
    environment.putAll(settings);
    return Agent.start(SettingsLoader.load(environment, Map.of()), "test");
  }
}

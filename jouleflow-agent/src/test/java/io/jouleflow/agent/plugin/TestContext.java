package io.jouleflow.agent.plugin;

import io.jouleflow.api.PluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A plugin's view for tests: a sysfs root and nothing else. */
record TestContext(Path sysfs) implements PluginContext {

  @Override
  public Optional<String> setting(String name) {
    return Optional.empty();
  }

  @Override
  public Map<String, String> ownSettings() {
    return Map.of();
  }

  @Override
  public Path procfs() {
    return sysfs.resolveSibling("proc");
  }

  @Override
  public long intervalNanos() {
    return Duration.ofMillis(5).toNanos();
  }
}

package io.jouleflow.agent.sensor.model;

import io.jouleflow.api.PluginContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The settings a test passes, and a fake procfs. */
record FakeContext(Path procfs, Map<String, String> settings) implements PluginContext {

  @Override
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  @Override
  public Path sysfs() {
    return procfs.resolveSibling("sys");
  }

  @Override
  public long intervalNanos() {
    return TimeUnit.MILLISECONDS.toNanos(100);
  }
}

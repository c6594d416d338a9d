package io.jouleflow.plugin.example;

import io.jouleflow.api.Collector;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.Processor;
import io.jouleflow.api.UnavailableException;
import java.time.InstantSource;
import java.util.Set;

/**
 * The {@code dummy} plugin: a deterministic power signal, integrated into joules by its processor.
 * Found by the agent through {@code META-INF/services/io.jouleflow.api.CollectorProvider}; run it
 * with {@code SENSORS=dummy} (and, e.g., {@code PLUGIN_DUMMY_WATTS=40}).
 */
public final class DummyCollectorProvider implements CollectorProvider {

  /** For {@link java.util.ServiceLoader}. */
  public DummyCollectorProvider() {}

  @Override
  public String name() {
    return "dummy";
  }

  @Override
  public String description() {
    return "a dummy power signal, WATTS + AMPLITUDE * sin(2 pi t / PERIOD_S), integrated into"
        + " joules";
  }

  @Override
  public Set<String> settingKeys() {
    return DummySettings.KEYS;
  }

  @Override
  public Collector open(PluginContext context) throws UnavailableException {
    DummySettings settings = DummySettings.parse(context.ownSettings(), context.intervalNanos());
    return new DummyCollector(settings.signal(), settings.intervalNanos(), InstantSource.system());
  }

  @Override
  public Processor processor(PluginContext context) {
    try {
      return new DummyProcessor(
          DummySettings.parse(context.ownSettings(), context.intervalNanos()).host());
    } catch (UnavailableException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}

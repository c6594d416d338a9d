package io.jouleflow.agent.plugin;

import io.jouleflow.api.Collector;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.Processor;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Providers for the loader tests. Their classes are on the test class path, but only the service
 * files of the jars {@link #jar} writes make them known to {@link java.util.ServiceLoader}.
 */
final class TestPlugins {

  static volatile PluginContext lastContext = new TestContext(Path.of("/"));
  static volatile ScriptedCollector lastCollector = new ScriptedCollector(List.of());

  private TestPlugins() {}

  /** Writes {@code dir/name}, a jar holding only the given service files. */
  static Path jar(Path dir, String name, Map<Class<?>, List<Class<?>>> services)
      throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Map.Entry<Class<?>, List<Class<?>>> service : services.entrySet()) {
        out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey().getName()));
        for (Class<?> provider : service.getValue()) {
          out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Writes {@code dir/name} listing a provider class that does not exist. */
  static Path jarWithMissingClass(Path dir, String name) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + CollectorProvider.class.getName()));
      out.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  /** {@code scripted}: declares RATE and HOST; remembers the context and collector it made. */
  public static final class Scripted implements CollectorProvider {
    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public String description() {
      return "replays records\nfor tests";
    }

    @Override
    public Set<String> settingKeys() {
      return Set.of("RATE", "host");
    }

    @Override
    public Collector open(PluginContext context) {
      lastContext = context;
      lastCollector = new ScriptedCollector(List.of());
      return lastCollector;
    }
  }

  /** {@code SCRIPTED} again, from another class. */
  public static final class ScriptedTwin implements CollectorProvider {
    @Override
    public String name() {
      return "SCRIPTED";
    }

    @Override
    public String description() {
      return "a second plugin of the same name";
    }

    @Override
    public Collector open(PluginContext context) {
      return new ScriptedCollector(List.of());
    }
  }

  /** {@code unavailable}: cannot run here. */
  public static final class Unavailable implements CollectorProvider {
    @Override
    public String name() {
      return "unavailable";
    }

    @Override
    public String description() {
      return "needs hardware";
    }

    @Override
    public Collector open(PluginContext context) throws UnavailableException {
      throw new UnavailableException("no such hardware\n  here");
    }
  }

  /** {@code faulty}: its processor cannot be made. */
  public static final class Faulty implements CollectorProvider {
    static volatile ScriptedCollector opened = new ScriptedCollector(List.of());

    @Override
    public String name() {
      return "faulty";
    }

    @Override
    public String description() {
      return "a bug in the plugin";
    }

    @Override
    public Collector open(PluginContext context) {
      opened = new ScriptedCollector(List.of());
      return opened;
    }

    @Override
    public Processor processor(PluginContext context) {
      throw new IllegalStateException("processor bug");
    }
  }

  /** {@code jarsensor}: a scheduled sensor of one constant series; declares WATTS. */
  public static final class JarSensor implements SensorProvider {
    @Override
    public String name() {
      return "jarsensor";
    }

    @Override
    public String description() {
      return "a constant";
    }

    @Override
    public Set<String> settingKeys() {
      return Set.of("watts");
    }

    @Override
    public ScheduledSensor open(PluginContext context) {
      lastContext = context;
      return new ScheduledSensor() {
        @Override
        public List<Series> series() {
          return List.of(Series.energy("jarsensor", "package", "0"));
        }

        @Override
        public void read(double[] values) {
          Arrays.fill(values, 1);
        }

        @Override
        public void close() {}
      };
    }
  }
}

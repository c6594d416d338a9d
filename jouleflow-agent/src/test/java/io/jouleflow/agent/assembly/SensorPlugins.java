package io.jouleflow.agent.assembly;

import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.SensorUnavailableException;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Sensor plugins for the start-up tests. Their classes are on the test class path, but only the
 * service file of the jar {@link #jar} writes makes them known to {@link java.util.ServiceLoader}.
 */
final class SensorPlugins {

  private SensorPlugins() {}

  /**
   * Writes {@code dir/sensors.jar}, registering {@link Metered}, {@link Retired} and {@link
   * Broken}.
   */
  static void jar(Path dir) throws IOException {
    try (OutputStream file = Files.newOutputStream(dir.resolve("sensors.jar"));
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + SensorProvider.class.getName()));
      for (Class<?> provider : List.of(Metered.class, Retired.class, Broken.class)) {
        out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.closeEntry();
    }
  }

  /** {@code metered}: one constant series; declares the setting WATTS; remembers what it got. */
  public static final class Metered implements SensorProvider {

    static volatile @Nullable PluginContext lastContext;
    static volatile @Nullable Sensor lastSensor;

    @Override
    public String name() {
      return "metered";
    }

    @Override
    public String description() {
      return "a constant";
    }

    @Override
    public Set<String> settingKeys() {
      return Set.of("WATTS");
    }

    @Override
    public ScheduledSensor open(PluginContext context) {
      lastContext = context;
      Sensor sensor = new Sensor();
      lastSensor = sensor;
      return sensor;
    }
  }

  /** {@code retired}: written against the old api, it throws the deprecated exception. */
  public static final class Retired implements SensorProvider {

    @Override
    public String name() {
      return "retired";
    }

    @Override
    public String description() {
      return "cannot run";
    }

    @Override
    @SuppressWarnings("deprecation")
    public ScheduledSensor open(PluginContext context) throws SensorUnavailableException {
      throw new SensorUnavailableException("no retired hardware here");
    }
  }

  /** {@code broken}: a third party's bug, it throws what the contract does not allow. */
  public static final class Broken implements SensorProvider {

    @Override
    public String name() {
      return "broken";
    }

    @Override
    public String description() {
      return "throws";
    }

    @Override
    public ScheduledSensor open(PluginContext context) {
      throw new IllegalStateException("the author forgot a case");
    }
  }

  /** The sensor {@link Metered} opens. */
  static final class Sensor implements ScheduledSensor {

    volatile boolean closed;

    @Override
    public List<Series> series() {
      return List.of(Series.energy("metered", "package", "0"));
    }

    @Override
    public void read(double[] values) {
      Arrays.fill(values, 1);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

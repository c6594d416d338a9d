package io.jouleflow.plugin.example.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.plugin.CollectorPlugin;
import io.jouleflow.agent.plugin.PipelineStats;
import io.jouleflow.agent.plugin.PluginException;
import io.jouleflow.agent.plugin.PluginLoader;
import io.jouleflow.agent.plugin.PluginPipeline;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin as a user installs it: its built jar copied into {@code PLUGINS_DIR}, named in
 * {@code SENSORS} next to RAPL (read from a fake powercap tree), with its own settings. Its records
 * arrive in the record ring with the values the dummy's signal and processor define. This module's
 * classes are kept off the class path (see the pom), so the plugin can only come from the jar.
 */
class PluginJarIT {

  private static final Series DUMMY_ENERGY =
      Series.of(
          Series.ENERGY_METRIC,
          Map.of("source", "dummy", "domain", "package", "device", "0", "host", "it-host"));

  @TempDir Path dir;
  private Path plugins;

  @BeforeEach
  void installThePluginJar() throws Exception {
    String built = System.getProperty("plugin.jar");
    assumeTrue(
        built != null, "runs under failsafe, after the jar is built and with it set as plugin.jar");
    Path jar = Path.of(built);
    plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
  }

  @Test
  void theDummysRecordsArriveInTheRingNextToRaplSamples() throws Exception {
    try (FakePowercapTree tree = FakePowercapTree.builder(dir.resolve("sys")).build().start(1000);
        PluginLoader loader = PluginLoader.load(Optional.of(plugins))) {
      Settings settings = settings(tree.root(), Map.of("PLUGIN_DUMMY_HOST", "it-host"));
      CollectorProvider dummy = loader.collectorProviders().get("dummy");
      assertThat(dummy).isNotNull();
      assertThat(dummy.getClass().getClassLoader()).isSameAs(loader.classLoader());
      ScheduledSensor rapl = loader.sensorProviders().get("rapl").open(new Context(tree.root()));
      Sampler sampler =
          new Sampler(
              List.of(new NamedSensor("rapl", "fake", rapl)),
              256,
              Duration.ofMillis(10),
              Clock.SYSTEM);
      List<CollectorPlugin> opened =
          loader.openCollectors(loader.views(settings), List.of("dummy"));
      RecordRing ring = new RecordRing(settings.plugins().maxRecords());
      SeriesRegistry registry = new SeriesRegistry(settings.plugins().maxSeries());
      PipelineStats stats = new PipelineStats();
      PluginPipeline pipeline =
          new PluginPipeline(
              opened, settings.plugins(), ring, registry, Set.of(), stats, Clock.SYSTEM);
      sampler.start();
      pipeline.start();

      await().until(() -> stats.stored("dummy") >= 30 && sampler.stats().ticks() >= 30);
      pipeline.close(Duration.ofSeconds(2));
      sampler.close(Duration.ofSeconds(2));

      assertThat(registry.size()).isOne();
      assertThat(registry.series(0)).isEqualTo(DUMMY_ENERGY);
      assertEnergyIntegratesTheSignal(ring.cursor().peek(new RecordBatch()));
      assertThat(stats.dropped("dummy").values()).allMatch(count -> count == 0);
      assertThat(sampler.stats().samples()).isEqualTo(sampler.stats().ticks() * 3);
    }
  }

  @Test
  void aSettingTheDummyDoesNotDeclareStopsTheStart() throws Exception {
    try (PluginLoader loader = PluginLoader.load(Optional.of(plugins))) {
      Settings settings = settings(dir, Map.of("PLUGIN_DUMMY_VOLTS", "230"));

      assertThatThrownBy(() -> loader.openCollectors(loader.views(settings), List.of("dummy")))
          .isInstanceOf(PluginException.class)
          .hasMessage(
              "PLUGIN_DUMMY_VOLTS is not a setting of plugin 'dummy'; accepted:"
                  + " PLUGIN_DUMMY_AMPLITUDE, PLUGIN_DUMMY_HOST, PLUGIN_DUMMY_INTERVAL_MS,"
                  + " PLUGIN_DUMMY_PERIOD_S, PLUGIN_DUMMY_WATTS");
    }
  }

  @Test
  void withoutTheJarTheDummyIsMissing() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    try (PluginLoader loader = PluginLoader.load(Optional.of(empty))) {
      Settings settings = settings(dir, Map.of());
      assertThatThrownBy(() -> loader.openCollectors(loader.views(settings), List.of("dummy")))
          .isInstanceOf(PluginException.class)
          .hasMessageStartingWith(
              "SENSORS names 'dummy', but no such sensor or plugin is installed");
    }
  }

  /**
   * Each record's energy is the last one's plus the trapezoid of the signal's power at the two
   * timestamps, recomputed here from the documented formula with the IT's settings.
   */
  private static void assertEnergyIntegratesTheSignal(RecordBatch records) {
    assertThat(records.size()).isGreaterThanOrEqualTo(30);
    assertThat(records.value(0)).isZero();
    for (int i = 1; i < records.size(); i++) {
      long before = records.timestampMillis(i - 1);
      long after = records.timestampMillis(i);
      double joules = (watts(before) + watts(after)) / 2 * (after - before) / 1000.0;
      assertThat(after).isGreaterThan(before);
      assertThat(records.value(i) - records.value(i - 1)).isCloseTo(joules, within(1e-9));
    }
  }

  /** WATTS=30, AMPLITUDE=20, PERIOD_S=0.5. */
  private static double watts(long epochMillis) {
    return 30 + 20 * Math.sin(2 * Math.PI * Math.floorMod(epochMillis, 500L) / 500.0);
  }

  private Settings settings(Path sysfs, Map<String, String> own) throws Exception {
    Map<String, String> environment = new HashMap<>(own);
    environment.put("SENSORS", "rapl,dummy");
    environment.put("SYSFS_PATH", sysfs.toString());
    environment.put("PLUGINS_DIR", plugins.toString());
    environment.put("SCRAPE_INTERVAL_SECONDS", "0.01");
    environment.put("PLUGIN_DUMMY_WATTS", "30");
    environment.put("PLUGIN_DUMMY_AMPLITUDE", "20");
    environment.put("PLUGIN_DUMMY_PERIOD_S", "0.5");
    environment.put("PLUGIN_DUMMY_INTERVAL_MS", "20");
    return SettingsLoader.load(environment, Map.of());
  }

  private record Context(Path sysfs) implements PluginContext {
    @Override
    public Optional<String> setting(String name) {
      return Optional.empty();
    }

    @Override
    public Path procfs() {
      return Path.of("/proc");
    }

    @Override
    public long intervalNanos() {
      return Duration.ofMillis(10).toNanos();
    }
  }
}

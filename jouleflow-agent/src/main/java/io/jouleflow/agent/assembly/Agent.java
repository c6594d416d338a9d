package io.jouleflow.agent.assembly;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.export.pull.PullServer;
import io.jouleflow.agent.export.remotewrite.RemoteWriteShipper;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.plugin.PluginException;
import io.jouleflow.agent.plugin.PluginLoader;
import io.jouleflow.agent.plugin.PluginPipeline;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the sampler, the plugin pipeline, the pull endpoint and the remote-write
 * shipper, as the settings ask. Close it to stop them all within about five seconds.
 */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final Duration PIPELINE_CLOSE = Duration.ofSeconds(1);
  private static final Duration SAMPLER_CLOSE = Duration.ofSeconds(1);

  private final Plugins plugins;
  private final Sampler sampler;
  private final PluginPipeline pipeline;
  private final @Nullable PullServer server;
  private final @Nullable RemoteWriteShipper shipper;

  private Agent(
      Plugins plugins,
      Sampler sampler,
      PluginPipeline pipeline,
      @Nullable PullServer server,
      @Nullable RemoteWriteShipper shipper) {
    this.plugins = plugins;
    this.sampler = sampler;
    this.pipeline = pipeline;
    this.server = server;
    this.shipper = shipper;
  }

  /**
   * Opens the sensors and plugins the settings choose, starts sampling, serving and pushing.
   *
   * @throws StartupException with one line naming the cause when the agent cannot start
   */
  public static Agent start(Settings settings, String version) throws StartupException {
    Plugins plugins = Plugins.open(settings);
    Sampler sampler =
        new Sampler(plugins.sensors(), settings.maxQueueLen(), settings.interval(), Clock.SYSTEM);
    RecordRing records = new RecordRing(settings.plugins().maxRecords());
    SeriesRegistry registry = new SeriesRegistry(settings.plugins().maxSeries());
    PluginPipeline pipeline =
        new PluginPipeline(
            plugins.collectors(), settings.plugins(), records, registry, plugins.stats());
    Feed feed = sampler.feed(records, registry);
    SelfMetricSource agentMetrics =
        SelfMetricSource.of(
            () -> List.of(SelfMetric.buildInfo(version)),
            sampler::selfMetrics,
            pipeline::metrics,
            plugins::execMetrics);
    sampler.start();
    pipeline.start();
    PullServer server = null;
    RemoteWriteShipper shipper = null;
    try {
      if (settings.exportMode().pushes()) {
        // Without /metrics the shipper pushes the self-metrics, else /metrics serves them.
        SelfMetricSource pushed =
            settings.exportMode().pulls() ? SelfMetricSource.NONE : agentMetrics;
        shipper = startShipper(settings, feed, version, pushed);
      }
      if (settings.exportMode().pulls()) {
        SelfMetricSource served =
            shipper == null
                ? agentMetrics
                : SelfMetricSource.of(agentMetrics, shipper.stats()::metrics);
        server = startServer(settings, feed, sampler.summary(version), served);
      }
    } catch (StartupException e) {
      new Agent(plugins, sampler, pipeline, null, shipper).close();
      throw e;
    }
    Agent agent = new Agent(plugins, sampler, pipeline, server, shipper);
    log.info(
        "jouleflow {}: {}; {} series every {} ms{}; {}{}",
        version,
        describe(plugins),
        sampler.ring().width(),
        settings.interval().toNanos() / 1e6,
        pipeline.plugins().isEmpty() ? "" : "; plugins " + pipeline.plugins(),
        server == null
            ? "no /metrics (EXPORT_MODE=push)"
            : "/metrics on " + settings.exporterAddress() + ":" + server.port(),
        shipper == null ? "" : "; " + shipper.description());
    return agent;
  }

  /**
   * Opens the scheduled sensors {@code SENSORS} names (the class path's and {@code PLUGINS_DIR}'s);
   * names of free-running plugins are skipped with a warning: {@code measure} reads scheduled
   * sensors only.
   *
   * @throws StartupException when a named sensor cannot run or nothing provides a name
   */
  public static List<NamedSensor> openSensors(Settings settings) throws StartupException {
    try (PluginLoader loader = Plugins.load(settings)) {
      SensorChooser.Chosen chosen = SensorChooser.open(settings, loader.sensorProviders());
      for (String name : chosen.others()) {
        if (!loader.collectorProviders().containsKey(name)) {
          chosen.sensors().forEach(sensor -> sensor.sensor().close());
          throw new StartupException(
              "SENSORS names '"
                  + name
                  + "', which is not installed; installed: "
                  + loader.installed());
        }
        log.warn("{} is a free-running plugin: measure reads scheduled sensors only", name);
      }
      return chosen.sensors();
    }
  }

  /** The port of the pull endpoint. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("no pull endpoint: EXPORT_MODE=push");
    }
    return server.port();
  }

  /** The sampler, for tests. */
  public Sampler sampler() {
    return sampler;
  }

  /**
   * Stops serving, the plugins and sampling, then makes the last push: within about one second plus
   * {@code SHUTDOWN_PUSH_TIMEOUT_S}.
   */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    pipeline.close(PIPELINE_CLOSE);
    sampler.close(SAMPLER_CLOSE);
    if (shipper != null) {
      shipper.close();
    }
    plugins.close();
  }

  private static RemoteWriteShipper startShipper(
      Settings settings, Feed feed, String version, SelfMetricSource selfMetrics)
      throws StartupException {
    try {
      return RemoteWriteShipper.start(settings.push(), feed, version, selfMetrics);
    } catch (IOException e) {
      throw new StartupException(String.valueOf(e.getMessage()));
    }
  }

  private static PullServer startServer(
      Settings settings, Feed feed, AgentSummary summary, SelfMetricSource selfMetrics)
      throws StartupException {
    try {
      return PullServer.start(
          new InetSocketAddress(settings.exporterAddress(), settings.exporterPort()),
          feed,
          summary,
          selfMetrics);
    } catch (IOException | UncheckedIOException e) {
      throw new StartupException(
          "EXPORTER_PORT "
              + settings.exporterPort()
              + " on "
              + settings.exporterAddress()
              + " cannot be bound ("
              + e.getMessage()
              + "); choose a free port");
    }
  }

  private static String describe(Plugins plugins) {
    List<String> parts = new ArrayList<>();
    plugins.sensors().forEach(s -> parts.add(s.name() + " (" + s.description() + ")"));
    return parts.stream().collect(Collectors.joining(", "));
  }

  /** A plugin problem found at start-up, as a start-up error. */
  static StartupException startupError(PluginException e) {
    return new StartupException(String.valueOf(e.getMessage()));
  }
}

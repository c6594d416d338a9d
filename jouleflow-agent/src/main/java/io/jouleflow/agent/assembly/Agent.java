package io.jouleflow.agent.assembly;

import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.attribution.Attributor;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.export.pull.PullServer;
import io.jouleflow.agent.export.remotewrite.RemoteWriteShipper;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.plugin.PipelineStats;
import io.jouleflow.agent.plugin.PluginPipeline;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.agent.sensor.CounterResets;
import io.jouleflow.agent.web.WebConfigException;
import io.jouleflow.agent.web.WebConfigSource;
import io.jouleflow.agent.web.WebLimits;
import io.jouleflow.agent.web.WebServer;
import io.jouleflow.agent.web.WebStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the sampler, the plugin pipeline, the HTTP server and the remote-write shipper,
 * as the settings ask. The HTTP server runs in every export mode ({@code /-/healthy}, {@code
 * /-/ready}, the self-metrics on {@code /metrics}); the samples are on {@code /metrics} unless the
 * mode is push. Close it to stop them all within about five seconds.
 */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  /** The one clock every part of the running agent reads. */
  private static final Clock CLOCK = Clock.SYSTEM;

  private static final Duration PIPELINE_CLOSE = Duration.ofSeconds(1);
  private static final Duration SAMPLER_CLOSE = Duration.ofSeconds(1);
  private static final Duration ATTRIBUTION_CLOSE = Duration.ofSeconds(1);

  private final Installation installation;
  private final Sampler sampler;
  private final @Nullable Attributor attributor;
  private final PluginPipeline pipeline;
  private final WebServer server;
  private final @Nullable RemoteWriteShipper shipper;

  private Agent(
      Installation installation,
      Sampler sampler,
      @Nullable Attributor attributor,
      PluginPipeline pipeline,
      WebServer server,
      @Nullable RemoteWriteShipper shipper) {
    this.installation = installation;
    this.sampler = sampler;
    this.attributor = attributor;
    this.pipeline = pipeline;
    this.server = server;
    this.shipper = shipper;
  }

  /**
   * Opens the sensors and plugins the settings choose, starts sampling, serving and pushing.
   *
   * @throws StartupException with one line naming the cause when the agent cannot start; what was
   *     opened or started is closed again
   */
  public static Agent start(Settings settings, String version) throws StartupException {
    Installation installation = Installation.load(settings);
    try {
      return start(settings, version, installation, installation.openForAgent());
    } catch (StartupException e) {
      installation.close();
      throw e;
    }
  }

  /** The port of the HTTP server. */
  public int port() {
    return server.port();
  }

  /** The sampler, for tests. */
  public Sampler sampler() {
    return sampler;
  }

  /**
   * Stops serving, the plugins, the energy per workload and sampling, then makes the last push:
   * within about one second plus {@code SHUTDOWN_PUSH_TIMEOUT_S}.
   */
  @Override
  public void close() {
    server.close();
    stop(pipeline, attributor, sampler, shipper);
    installation.close();
  }

  private static Agent start(
      Settings settings, String version, Installation installation, Installation.Opened opened)
      throws StartupException {
    HeapCeiling.check(settings, opened.sensors(), Runtime.getRuntime().maxMemory());
    Sampler sampler =
        new Sampler(opened.sensors(), settings.maxQueueLen(), settings.interval(), CLOCK);
    RecordRing records = new RecordRing(settings.plugins().maxRecords());
    SeriesRegistry registry = new SeriesRegistry(settings.plugins().maxSeries());
    PluginPipeline pipeline =
        new PluginPipeline(
            opened.collectors(),
            settings.plugins(),
            records,
            registry,
            opened.scheduledSources(),
            new PipelineStats(),
            CLOCK);
    Feed machine = sampler.feed(records, registry);
    Attributor attributor = WorkloadAttribution.open(settings, sampler, machine, CLOCK);
    Feed feed = attributor == null ? machine : machine.withWorkloads(attributor.table());
    WebStats webStats = new WebStats();
    WebConfigSource webConfig = webConfig(settings, webStats);
    SelfMetricSource agentMetrics =
        SelfMetricSource.of(
            () -> List.of(SelfMetric.buildInfo(version)),
            sampler::selfMetrics,
            pipeline::metrics,
            opened.execs()::metrics,
            CounterResets.SHARED::metrics,
            webStats::metrics,
            attributor == null ? SelfMetricSource.NONE : attributor::metrics);
    if (attributor != null) {
      attributor.start();
    }
    sampler.start();
    pipeline.start();
    WebServer server;
    RemoteWriteShipper shipper = null;
    try {
      if (settings.exportMode().pushes()) {
        // Without /metrics the shipper pushes the self-metrics, else /metrics serves them.
        SelfMetricSource pushed =
            settings.exportMode().pulls() ? SelfMetricSource.NONE : agentMetrics;
        shipper = startShipper(settings, feed, version, pushed);
      }
      SelfMetricSource served =
          shipper == null
              ? agentMetrics
              : SelfMetricSource.of(agentMetrics, shipper.stats()::metrics);
      AgentSummary summary = sampler.summary(version);
      server =
          startServer(
              settings,
              webConfig,
              webStats,
              settings.exportMode().pulls()
                  ? PullServer.handlers(feed, summary, served, settings.maxConsumers(), CLOCK)
                  : PullServer.selfMetricsOnly(feed, summary, served, CLOCK));
    } catch (StartupException e) {
      stop(pipeline, attributor, sampler, shipper);
      throw e;
    }
    Agent agent = new Agent(installation, sampler, attributor, pipeline, server, shipper);
    agent.announce(settings, version, opened);
    return agent;
  }

  /**
   * The one start-up line: what is measured, how often, and where it goes; how each sensor reads
   * and where energy per workload comes from follow at debug level.
   */
  private void announce(Settings settings, String version, Installation.Opened opened) {
    log.info(
        StartupLine.of(
            version,
            opened.sensors(),
            sampler.ring().width(),
            settings.interval(),
            attributor == null ? null : settings.attribution().interval(),
            pipeline.plugins(),
            StartupLine.where(settings, server.port(), server.tls())));
    opened.sensors().forEach(s -> log.debug("sensor {}: {}", s.name(), s.description()));
    if (attributor != null) {
      log.debug(attributor.description());
    }
    if (shipper != null) {
      log.debug(shipper.description());
    }
  }

  private static void stop(
      PluginPipeline pipeline,
      @Nullable Attributor attributor,
      Sampler sampler,
      @Nullable RemoteWriteShipper shipper) {
    pipeline.close(PIPELINE_CLOSE);
    if (attributor != null) {
      attributor.close(ATTRIBUTION_CLOSE); // before the sampler closes the sensors
    }
    sampler.close(SAMPLER_CLOSE);
    if (shipper != null) {
      shipper.close();
    }
  }

  private static RemoteWriteShipper startShipper(
      Settings settings, Feed feed, String version, SelfMetricSource selfMetrics)
      throws StartupException {
    try {
      return RemoteWriteShipper.start(settings.push(), feed, version, selfMetrics, CLOCK);
    } catch (IOException e) {
      throw new StartupException(String.valueOf(e.getMessage()));
    }
  }

  private static WebConfigSource webConfig(Settings settings, WebStats stats)
      throws StartupException {
    Optional<String> file = settings.value(Setting.WEB_CONFIG_FILE);
    if (file.isEmpty() || file.get().isBlank()) {
      return WebConfigSource.none(stats);
    }
    try {
      return WebConfigSource.open(Path.of(file.get().strip()), stats, CLOCK);
    } catch (WebConfigException e) {
      throw new StartupException(String.valueOf(e.getMessage()));
    }
  }

  private static WebServer startServer(
      Settings settings, WebConfigSource webConfig, WebStats stats, Map<String, HttpHandler> routes)
      throws StartupException {
    try {
      return WebServer.start(
          new InetSocketAddress(settings.exporterAddress(), settings.exporterPort()),
          WebLimits.DEFAULT,
          webConfig,
          routes,
          stats,
          CLOCK);
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
}

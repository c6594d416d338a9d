package io.jouleflow.agent;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.export.pull.PullServer;
import io.jouleflow.agent.sampling.Feed;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.agent.sampling.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running agent: the sampler and the pull endpoint. Close it to stop both. */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final Sampler sampler;
  private final PullServer server;

  private Agent(Sampler sampler, PullServer server) {
    this.sampler = sampler;
    this.server = server;
  }

  /**
   * Opens the sensors the settings choose, starts sampling and serving.
   *
   * @throws StartupException with one line naming the cause when the agent cannot start
   */
  public static Agent start(Settings settings, String version) throws StartupException {
    List<NamedSensor> sensors = openSensors(settings);
    Sampler sampler =
        new Sampler(sensors, settings.maxQueueLen(), settings.interval(), Ticker.SYSTEM);
    sampler.start();
    PullServer server;
    try {
      server =
          PullServer.start(
              new InetSocketAddress(settings.exporterAddress(), settings.exporterPort()),
              sampler,
              Feed.of(sampler),
              version);
    } catch (IOException | UncheckedIOException e) {
      sampler.close();
      throw new StartupException(
          "EXPORTER_PORT "
              + settings.exporterPort()
              + " on "
              + settings.exporterAddress()
              + " cannot be bound ("
              + e.getMessage()
              + "); choose a free port");
    }
    log.info(
        "jouleflow {}: {}; {} series every {} ms; /metrics on {}:{}",
        version,
        sensors.stream()
            .map(s -> s.name() + " (" + s.description() + ")")
            .collect(Collectors.joining(", ")),
        sampler.ring().width(),
        settings.interval().toNanos() / 1e6,
        settings.exporterAddress(),
        server.port());
    return new Agent(sampler, server);
  }

  /**
   * Opens the scheduled sensors {@code SENSORS} names.
   *
   * @throws StartupException when a named sensor cannot run or nothing provides a name
   */
  public static List<NamedSensor> openSensors(Settings settings) throws StartupException {
    SensorChooser.Chosen chosen = SensorChooser.open(settings);
    if (!chosen.others().isEmpty()) {
      chosen.sensors().forEach(sensor -> sensor.sensor().close());
      throw new StartupException(
          "SENSORS names "
              + chosen.others()
              + ", which no installed sensor or plugin provides; installed: "
              + SensorChooser.providers(Agent.class.getClassLoader()).keySet());
    }
    return chosen.sensors();
  }

  /** The port of the pull endpoint. */
  public int port() {
    return server.port();
  }

  /** The sampler, for tests and the measure command. */
  public Sampler sampler() {
    return sampler;
  }

  /** Stops serving and sampling within about two seconds. */
  @Override
  public void close() {
    server.close();
    sampler.close(Duration.ofSeconds(2));
  }
}

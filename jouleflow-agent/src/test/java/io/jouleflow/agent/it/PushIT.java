package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.config.SpoolSettings;
import io.jouleflow.agent.export.remotewrite.RemoteWriteShipper;
import io.jouleflow.agent.export.remotewrite.ShipperStats;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.fixture.VictoriaMetricsServer;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.agent.sensor.rapl.RaplSensorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push path end to end: a fake powercap tree of 6 domains sampled at 100 ms by the real
 * sampler, shipped every second by remote write to a real Prometheus (with its receiver on) and a
 * real VictoriaMetrics at the same time, each with its own shipper; then both receivers stopped for
 * 30 s and started again on their data folders and ports while sampling goes on.
 */
class PushIT {

  private static final int SERIES = 6;
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final String ENERGY = "jouleflow_energy_joules_total";
  private static final String RECEIVER_FLAG = "--web.enable-remote-write-receiver";

  @TempDir Path dir;

  @Test
  void prometheusAndVictoriaMetricsEachStoreEverySamplePushedForTwentySeconds() throws Exception {
    try (FakePowercapTree tree = tree();
        Sampler sampler = sampler(tree.root());
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), "", RECEIVER_FLAG);
        VictoriaMetricsServer victoria = VictoriaMetricsServer.start(dir.resolve("vm"));
        RemoteWriteShipper toPrometheus =
            ship(sampler, URI.create(prometheus.url() + "/api/v1/write"));
        RemoteWriteShipper toVictoria = ship(sampler, victoria.writeUrl())) {
      sampler.start();
      pause(Duration.ofSeconds(21));
      stop(sampler, toPrometheus, toVictoria);

      long taken = sampler.stats().samples();
      assertThat(taken).isGreaterThanOrEqualTo(200L * SERIES);
      assertDelivered(toPrometheus.stats(), taken);
      assertDelivered(toVictoria.stats(), taken);
      assertStoredInPrometheus(prometheus, taken);
      assertStoredInVictoria(victoria, taken);
    }
  }

  @Test
  void nothingIsLostWhileBothReceiversAreDownForThirtySeconds() throws Exception {
    Path promDir = dir.resolve("prom");
    Path vmDir = dir.resolve("vm");
    PrometheusServer prometheus = PrometheusServer.start(promDir, "", RECEIVER_FLAG);
    VictoriaMetricsServer victoria = VictoriaMetricsServer.start(vmDir);
    try (FakePowercapTree tree = tree();
        Sampler sampler = sampler(tree.root());
        TcpRelay relay = TcpRelay.start(PrometheusServer.freePort(), portOf(prometheus));
        RemoteWriteShipper toPrometheus =
            ship(sampler, URI.create("http://127.0.0.1:" + relay.port() + "/api/v1/write"));
        RemoteWriteShipper toVictoria = ship(sampler, victoria.writeUrl())) {
      sampler.start();
      pause(Duration.ofSeconds(5));

      prometheus.close();
      relay.stop();
      victoria.close();
      await("batches waiting for the receivers")
          .atMost(Duration.ofSeconds(10))
          .until(() -> pending(toPrometheus) > 1 && pending(toVictoria) > 1);
      pause(Duration.ofSeconds(28));
      prometheus = PrometheusServer.start(promDir, "", RECEIVER_FLAG);
      victoria = VictoriaMetricsServer.start(vmDir, victoria.port());
      relay.resume(portOf(prometheus));

      await("retry queues emptied")
          .atMost(Duration.ofSeconds(30))
          .until(() -> pending(toPrometheus) == 0 && pending(toVictoria) == 0);
      pause(Duration.ofSeconds(3));
      stop(sampler, toPrometheus, toVictoria);

      long taken = sampler.stats().samples();
      assertDeliveredAcrossTheOutage(toPrometheus.stats(), taken);
      assertDeliveredAcrossTheOutage(toVictoria.stats(), taken);
      assertStoredInPrometheus(prometheus, taken);
      assertStoredInVictoria(victoria, taken);
      assertThat(prometheusMetric(prometheus, "prometheus_tsdb_out_of_order_samples_total"))
          .as("samples refused for order, but for retries of requests that had landed unanswered")
          .isLessThanOrEqualTo((double) toPrometheus.stats().samplesDropped(DropReason.DUPLICATE));
    } finally {
      prometheus.close();
      victoria.close();
    }
  }

  private FakePowercapTree tree() throws IOException {
    return FakePowercapTree.builder(dir.resolve("sys"))
        .packages(2)
        .subzones("core", "dram")
        .powerWatts(50)
        .build()
        .start(1000);
  }

  private Sampler sampler(Path sysfs) throws Exception {
    ScheduledSensor sensor = new RaplSensorProvider().open(new Context(sysfs));
    assertThat(sensor.series()).hasSize(SERIES);
    return new Sampler(
        List.of(new NamedSensor("rapl", "fake powercap", sensor)), 1024, INTERVAL, Clock.SYSTEM);
  }

  private static RemoteWriteShipper ship(Sampler sampler, URI url) throws IOException {
    PushSettings push =
        new PushSettings(
            url,
            Duration.ofSeconds(1),
            2000,
            100,
            Duration.ofSeconds(5),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Duration.ofSeconds(5),
            SpoolSettings.NONE);
    return RemoteWriteShipper.start(
        push, Feed.of(sampler.ring(), sampler.series()), "it", SelfMetricSource.NONE, Clock.SYSTEM);
  }

  /** Stops sampling, then each shipper with its last push. */
  private static void stop(Sampler sampler, RemoteWriteShipper... shippers) {
    sampler.close(Duration.ofSeconds(2));
    for (RemoteWriteShipper shipper : shippers) {
      shipper.close();
    }
  }

  /** Lets {@code duration} pass while the sampler and the shippers work. */
  private static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }

  private static int pending(RemoteWriteShipper shipper) {
    return shipper.stats().batchesPending();
  }

  private static void assertDelivered(ShipperStats stats, long taken) {
    assertThat(stats.samplesSent()).as("samples accepted by the receiver").isEqualTo(taken);
    assertThat(stats.samplesDropped()).as("samples dropped").isZero();
    assertThat(stats.samplesDropped(DropReason.REJECTED_4XX)).isZero();
  }

  /**
   * Every sample reached the receiver and none was refused. A request cut off as the receiver
   * stopped may have landed unanswered; its retry is then answered "out of order" and counted as a
   * duplicate: not sent again, yet stored.
   */
  private static void assertDeliveredAcrossTheOutage(ShipperStats stats, long taken) {
    assertThat(stats.samplesFailed()).as("samples retried").isPositive();
    assertThat(stats.samplesSent() + stats.samplesDropped(DropReason.DUPLICATE))
        .as("samples accepted by the receiver, now or in an attempt answered too late")
        .isEqualTo(taken);
    assertThat(stats.samplesDropped(DropReason.REJECTED_4XX)).as("samples refused").isZero();
    assertThat(stats.samplesDropped()).isEqualTo(stats.samplesDropped(DropReason.DUPLICATE));
  }

  private static void assertStoredInPrometheus(PrometheusServer prometheus, long taken)
      throws Exception {
    String count = "sum(count_over_time(" + ENERGY + "[10m]))";
    await("all samples in Prometheus")
        .atMost(Duration.ofSeconds(20))
        .until(() -> prometheus.scalar(count) >= taken * 0.999);
    assertThat(Math.round(prometheus.scalar(count))).isEqualTo(taken);
  }

  private static void assertStoredInVictoria(VictoriaMetricsServer victoria, long taken)
      throws Exception {
    await("all samples in VictoriaMetrics")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> victoria.storedSamples(ENERGY) >= taken * 0.999);
    assertThat(victoria.storedSamples(ENERGY)).isEqualTo(taken);
  }

  private static double prometheusMetric(PrometheusServer prometheus, String name)
      throws Exception {
    return prometheus
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static int portOf(PrometheusServer prometheus) {
    return URI.create(prometheus.url()).getPort();
  }

  /** What a plugin gets: here only the fake sysfs root and the interval matter. */
  private record Context(Path sysfs) implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      return Optional.empty();
    }

    @Override
    public Path procfs() {
      return sysfs.resolveSibling("proc");
    }

    @Override
    public long intervalNanos() {
      return INTERVAL.toNanos();
    }
  }

  /**
   * Forwards connections from a fixed loopback port to Prometheus, whose fixture picks a new port
   * each start: so the shipper finds the restarted Prometheus at the same address. While stopped it
   * does not listen, so connections are refused as by a stopped receiver.
   */
  private static final class TcpRelay implements AutoCloseable {

    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile int target;
    private volatile ServerSocket listener;

    private TcpRelay(int port, int target) throws IOException {
      this.port = port;
      this.target = target;
      this.listener = listen();
    }

    static TcpRelay start(int port, int target) throws IOException {
      return new TcpRelay(port, target);
    }

    int port() {
      return port;
    }

    /** Stops listening and cuts every open connection. */
    void stop() throws IOException {
      listener.close();
      for (Socket socket : open) {
        socket.close();
      }
    }

    /** Listens again on the same port, forwarding to {@code newTarget}. */
    void resume(int newTarget) throws IOException {
      target = newTarget;
      listener = listen();
    }

    @Override
    public void close() throws IOException {
      stop();
      threads.shutdownNow();
    }

    private ServerSocket listen() throws IOException {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      threads.execute(() -> accept(server));
      return server;
    }

    private void accept(ServerSocket server) {
      while (!server.isClosed()) {
        try {
          connect(server.accept());
        } catch (IOException e) {
          // closed by stop()
        }
      }
    }

    private void connect(Socket client) throws IOException {
      Socket upstream;
      try {
        upstream = new Socket(InetAddress.getLoopbackAddress(), target);
      } catch (IOException e) {
        client.close();
        return;
      }
      open.add(client);
      open.add(upstream);
      threads.execute(() -> pipe(client, upstream));
      threads.execute(() -> pipe(upstream, client));
    }

    private void pipe(Socket from, Socket to) {
      try (from;
          to) {
        from.getInputStream().transferTo(to.getOutputStream());
      } catch (IOException e) {
        // either side closed: both are closed now
      } finally {
        open.remove(from);
        open.remove(to);
      }
    }
  }
}

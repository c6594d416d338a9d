package io.jouleflow.dist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.fixture.Podman;
import io.jouleflow.agent.fixture.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The image with Python ({@code deploy/Dockerfile.python}, FROM the agent's image) runs a
 * monitor_impl.py of the remote-write design, mounted into the container, through the adapter the
 * .deb installs, as {@code EXEC_COMMAND}: the monitor's records are on /metrics. Skips in one line
 * where podman cannot run.
 */
class PythonImageIT {

  private static final Path MONITOR =
      Images.ROOT.resolve("jouleflow-dist/src/test/python/monitors/polled_plain/monitor_impl.py");
  private static final String SERIES =
      "pyjoules_remote_write_energy_uj{device=\"0\",domain=\"package\",source=\"exec\","
          + "tag=\"polled\"} 4000";

  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void theAdapterRunsAMountedMonitorImpl() throws Exception {
    Podman podman = Podman.require();
    String image = Images.python(podman);
    int port = PrometheusServer.freePort();
    List<String> served = new ArrayList<>(); // each record is served once to a consumer
    try (Podman.Container agent =
        podman.start(
            "--network",
            "host",
            "--volume",
            MONITOR + ":/opt/monitor/monitor_impl.py:ro",
            "--env",
            "EXPORTER_PORT=" + port,
            "--env",
            "SENSORS=model",
            "--env",
            "EXEC_COMMAND=python3 /usr/lib/jouleflow/exec/monitor_adapter.py"
                + " /opt/monitor/monitor_impl.py",
            image)) {
      await("the monitor's series on /metrics")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .untilAsserted(
              () -> {
                scrape(port).lines().filter(l -> l.startsWith(SERIES)).forEach(served::add);
                assertThat(served).as(agent.logs()).hasSizeGreaterThanOrEqualTo(3);
              });
      Podman.Result user = agent.exec("id", "-un");
      assertThat(user.stdout().strip()).isEqualTo("jouleflow");
    }
  }

  private String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics?consumer=python"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}

package io.jouleflow.agent.export.pull;

import static io.jouleflow.agent.fixture.ExampleWorkloads.CONTAINER;
import static io.jouleflow.agent.fixture.ExampleWorkloads.NGINX;
import static io.jouleflow.agent.fixture.ExampleWorkloads.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.attribution.Workload;
import io.jouleflow.agent.attribution.WorkloadKind;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.fixture.PrometheusServer;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.web.WebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-built feed with energy per workload, scraped by a real Prometheus: it stores every
 * workload series with its labels and timestamps, a released column's series only up to its end,
 * and the series of the column's next owner.
 */
class WorkloadScrapeIT {

  @TempDir Path dir;

  @Test
  void prometheusStoresEveryWorkloadSeriesWithItsLabels() throws Exception {
    SampleRing machine = new SampleRing(64, 1);
    WorkloadTable table = new WorkloadTable(4, 2);
    long t0 = System.currentTimeMillis() - 60_000;
    machine.append(t0, new double[] {100});
    table.lend(NGINX);
    int column = table.lend(CONTAINER);
    table.append(t0, new double[] {1, 0.5});
    table.append(t0 + 1000, new double[] {2, WorkloadTable.STALE});
    table.release(column);
    Feed feed = Feed.of(machine, List.of(PACKAGE)).withWorkloads(table);

    try (WebServer server = start(feed);
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), job(server.port()))) {
      await("two workload series in Prometheus")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> stored(prometheus, "") >= 3);
      for (int row = 2; row < 6; row++) {
        table.append(t0 + row * 1000L, new double[] {row + 1, Double.NaN});
      }
      // the ring holds 4 rows: the next owner may only come once these are scraped
      await("the rows before the column is lent again")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> stored(prometheus, "") >= 7);
      table.lend(
          new Workload(WorkloadKind.POD, "uid-1", "kubepods/poduid-1", null, "uid-1")
              .energySeries(PACKAGE));
      table.append(t0 + 6000, new double[] {7, 0.25});
      await("the re-lent column's series in Prometheus")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> stored(prometheus, "") >= 9);

      assertThat(stored(prometheus, "{kind=\"service\",workload=\"nginx.service\"}")).isEqualTo(7);
      assertThat(
              stored(
                  prometheus,
                  "{kind=\"container\",container_id=\"0123456789abcdef\","
                      + "cgroup=\"system.slice/docker-0123456789abcdef.scope\"}"))
          .isEqualTo(1);
      assertThat(stored(prometheus, "{kind=\"pod\",pod_uid=\"uid-1\",workload=\"uid-1\"}"))
          .isEqualTo(1);
      assertThat(
              prometheus.scalar(
                  "max_over_time(jouleflow_workload_energy_joules_total{kind=\"pod\"}[10m])"))
          .isEqualTo(0.25);
      assertThat(prometheus.scalar("sum(count_over_time(jouleflow_energy_joules_total[10m]))"))
          .isEqualTo(1);
    }
  }

  private static double stored(PrometheusServer prometheus, String selector) throws Exception {
    double count =
        prometheus.scalar(
            "sum(count_over_time(jouleflow_workload_energy_joules_total" + selector + "[10m]))");
    return Double.isNaN(count) ? 0 : count;
  }

  private static WebServer start(Feed feed) throws Exception {
    return PullServers.start(feed, Duration.ofMillis(100), 4, Clock.SYSTEM);
  }

  private static String job(int port) {
    return """
          - job_name: jouleflow
            scrape_interval: 1s
            scrape_timeout: 1s
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
        .formatted(port);
  }
}

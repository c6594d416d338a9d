package io.jouleflow.agent.export.pull;

import static io.jouleflow.agent.fixture.ExampleWorkloads.CONTAINER;
import static io.jouleflow.agent.fixture.ExampleWorkloads.NGINX;
import static io.jouleflow.agent.fixture.ExampleWorkloads.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.attribution.Workload;
import io.jouleflow.agent.attribution.WorkloadKind;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadExpositionTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final double NAN = Double.NaN;
  private static final double STALE = WorkloadTable.STALE;
  private static final Series POD =
      new Workload(
              WorkloadKind.POD,
              "4f0c1d2e-aaaa-bbbb-cccc-123456789abc",
              "kubepods.slice/kubepods-pod4f0c1d2e_aaaa_bbbb_cccc_123456789abc.slice",
              null,
              "4f0c1d2e-aaaa-bbbb-cccc-123456789abc")
          .energySeries(PACKAGE);

  private final SampleRing machine = new SampleRing(8, 1);

  @Test
  void workloadSeriesFollowTheMachineFamilyEachUnderItsOwnerSkippingNaNAndStale() {
    WorkloadTable table = new WorkloadTable(8, 3);
    machine.append(T0, new double[] {10});
    table.lend(NGINX);
    int container = table.lend(CONTAINER);
    table.append(T0, new double[] {1.5, 0.25, NAN});
    table.append(T0 + 1000, new double[] {2.5, STALE, NAN});
    table.release(container);
    table.lend(POD);
    table.append(T0 + 2000, new double[] {3, NAN, 0.5});
    ScrapeRange range = new ScrapeRange(0, 1, 0, 0, 0, table.ring().published() + 1);

    String text = write(table, ExpositionFormat.TEXT, range, new Written());

    assertThat(text)
        .isEqualTo(
            """
            # HELP jouleflow_energy_joules_total Energy used since the agent started, wrap-corrected, never decreasing.
            # TYPE jouleflow_energy_joules_total counter
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 10 1700000000000
            # HELP jouleflow_workload_energy_joules_total The workload's share of a machine energy series by its CPU time, since the agent first saw it.
            # TYPE jouleflow_workload_energy_joules_total counter
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 1.5 1700000000000
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 2.5 1700000001000
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 3 1700000002000
            jouleflow_workload_energy_joules_total{cgroup="system.slice/docker-0123456789abcdef.scope",container_id="0123456789abcdef",device="0",domain="package",kind="container",source="rapl",workload="0123456789ab"} 0.25 1700000000000
            jouleflow_workload_energy_joules_total{cgroup="kubepods.slice/kubepods-pod4f0c1d2e_aaaa_bbbb_cccc_123456789abc.slice",device="0",domain="package",kind="pod",pod_uid="4f0c1d2e-aaaa-bbbb-cccc-123456789abc",source="rapl",workload="4f0c1d2e-aaaa-bbbb-cccc-123456789abc"} 0.5 1700000002000
            """);
  }

  @Test
  void aColumnLentAgainWritesOnlyTheNewOwnersRowsInOpenMetrics() {
    WorkloadTable table = new WorkloadTable(4, 2);
    table.lend(NGINX);
    int column = table.lend(CONTAINER);
    table.append(T0, new double[] {1, 0.25});
    table.append(T0 + 1000, new double[] {2, STALE});
    table.release(column);
    // values a writer left in the released column must never show up under its next owner
    for (int row = 2; row <= 5; row++) {
      table.append(T0 + row * 1000L, new double[] {row + 1, 99});
    }
    assertThat(table.lend(POD)).isEqualTo(column);
    table.append(T0 + 6000, new double[] {7, 0.5});
    ScrapeRange range = new ScrapeRange(0, 0, 0, 0, 3, 7);

    String text = write(table, ExpositionFormat.OPENMETRICS, range, new Written());

    assertThat(text)
        .isEqualTo(
            """
            # HELP jouleflow_energy_joules Energy used since the agent started, wrap-corrected, never decreasing.
            # TYPE jouleflow_energy_joules counter
            # UNIT jouleflow_energy_joules joules
            # HELP jouleflow_workload_energy_joules The workload's share of a machine energy series by its CPU time, since the agent first saw it.
            # TYPE jouleflow_workload_energy_joules counter
            # UNIT jouleflow_workload_energy_joules joules
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 4 1700000003.000
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 5 1700000004.000
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 6 1700000005.000
            jouleflow_workload_energy_joules_total{cgroup="system.slice/nginx.service",device="0",domain="package",kind="service",source="rapl",workload="nginx.service"} 7 1700000006.000
            jouleflow_workload_energy_joules_total{cgroup="kubepods.slice/kubepods-pod4f0c1d2e_aaaa_bbbb_cccc_123456789abc.slice",device="0",domain="package",kind="pod",pod_uid="4f0c1d2e-aaaa-bbbb-cccc-123456789abc",source="rapl",workload="4f0c1d2e-aaaa-bbbb-cccc-123456789abc"} 0.5 1700000006.000
            # EOF
            """);
  }

  @Test
  void aWorkloadBackInAnEarlierColumnHasItsSamplesWrittenInTimeOrder() {
    WorkloadTable table = new WorkloadTable(8, 2);
    int first = table.lend(CONTAINER);
    table.append(T0, new double[] {0.25, NAN});
    table.append(T0 + 1000, new double[] {STALE, NAN});
    table.release(first);
    for (int row = 2; row <= 9; row++) {
      table.append(T0 + row * 1000L, new double[] {NAN, NAN});
    }
    int before = table.lend(NGINX);
    table.append(T0 + 10_000, new double[] {NAN, 1});
    table.append(T0 + 11_000, new double[] {NAN, STALE});
    table.release(before);
    // nginx is back after its series ended: a new series, in the column freed first
    assertThat(table.lend(NGINX)).isEqualTo(first);
    table.append(T0 + 12_000, new double[] {0.5, NAN});
    ScrapeRange range = new ScrapeRange(0, 0, 0, 0, 10, 13);

    String text = write(table, ExpositionFormat.TEXT, range, new Written());

    assertThat(text.lines().filter(line -> line.startsWith("jouleflow_workload")))
        .as("a sample older than one before it in the same series is dropped by Prometheus")
        .containsExactly(
            "jouleflow_workload_energy_joules_total{cgroup=\"system.slice/nginx.service\","
                + "device=\"0\",domain=\"package\",kind=\"service\",source=\"rapl\","
                + "workload=\"nginx.service\"} 1 1700000010000",
            "jouleflow_workload_energy_joules_total{cgroup=\"system.slice/nginx.service\","
                + "device=\"0\",domain=\"package\",kind=\"service\",source=\"rapl\","
                + "workload=\"nginx.service\"} 0.5 1700000012000");
  }

  @Test
  void rowsOverwrittenBeforeTheRangeWasWrittenAreCountedLost() {
    WorkloadTable table = new WorkloadTable(4, 2);
    table.lend(NGINX);
    table.lend(POD);
    for (int row = 0; row < 4; row++) {
      table.append(T0 + row * 1000L, new double[] {row, row});
    }
    ScrapeRange range = new ScrapeRange(0, 0, 0, 0, 0, 4);
    for (int row = 4; row < 6; row++) {
      table.append(T0 + row * 1000L, new double[] {row, row});
    }

    Written written = new Written();
    write(table, ExpositionFormat.TEXT, range, written);

    assertThat(written.samples).isEqualTo(4);
    assertThat(written.lost).isEqualTo(4);
  }

  @Test
  void aConsumerCountsWorkloadRowsTheRingOverwroteBeforeItReadThemOncePerOwnedColumn() {
    WorkloadTable table = new WorkloadTable(4, 3);
    table.lend(NGINX);
    table.lend(POD);
    Consumers consumers =
        new Consumers(
            Feed.of(machine, List.of(PACKAGE)).withWorkloads(table),
            4,
            Duration.ofMinutes(10),
            FakeClock.reading(() -> 0));
    Consumer consumer = consumers.get("prom");
    for (int row = 0; row < 10; row++) {
      table.append(T0 + row * 1000L, new double[] {row, row, NAN});
    }

    consumer.arrived("c", 0);
    ScrapeRange range = consumer.unread();
    Written written = new Written();
    write(table, ExpositionFormat.TEXT, range, written);
    consumer.written("c", true, range, written.samples, written.lost);

    assertThat(range.firstWorkloadRow()).isEqualTo(6);
    assertThat(range.endWorkloadRow()).isEqualTo(10);
    assertThat(written.samples).isEqualTo(8);
    assertThat(consumer.droppedSamples()).isEqualTo(6 * 2);
    consumer.arrived("c", 0);
    assertThat(consumer.unread().firstWorkloadRow()).isEqualTo(10);
  }

  private String write(
      WorkloadTable table, ExpositionFormat format, ScrapeRange range, Written written) {
    AsciiBuffer out = new AsciiBuffer(64);
    ExpositionWriter.Written result =
        new ExpositionWriter(Feed.of(machine, List.of(PACKAGE)).withWorkloads(table))
            .write(format, range, List.of(), new Chunks(), out);
    written.samples = result.samples();
    written.lost = result.lost();
    return out.toString();
  }

  private static final class Written {
    long samples;
    long lost;
  }
}

package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.fixture.ExampleWorkloads.CONTAINER;
import static io.jouleflow.agent.fixture.ExampleWorkloads.NGINX;
import static io.jouleflow.agent.fixture.ExampleWorkloads.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jouleflow.agent.attribution.Workload;
import io.jouleflow.agent.attribution.WorkloadKind;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadCutterTest {

  private static final long T0 = 1_764_000_000_000L;
  private static final double NAN = Double.NaN;
  private static final double STALE = WorkloadTable.STALE;
  private static final Series POD =
      new Workload(WorkloadKind.POD, "uid-1", "kubepods/pod-uid-1", null, "uid-1")
          .energySeries(PACKAGE);
  private static final String NGINX_KEY =
      "__name__=jouleflow_workload_energy_joules_total,cgroup=system.slice/nginx.service,"
          + "device=0,domain=package,kind=service,region=eu,source=rapl,workload=nginx.service";
  private static final String CONTAINER_KEY =
      "__name__=jouleflow_workload_energy_joules_total,"
          + "cgroup=system.slice/docker-0123456789abcdef.scope,container_id=0123456789abcdef,"
          + "device=0,domain=package,kind=container,region=eu,source=rapl,workload=0123456789ab";
  private static final String POD_KEY =
      "__name__=jouleflow_workload_energy_joules_total,cgroup=kubepods/pod-uid-1,device=0,"
          + "domain=package,kind=pod,pod_uid=uid-1,region=eu,source=rapl,workload=uid-1";

  private final SampleRing rows = new SampleRing(8, 1);
  private final ShipperStats stats = new ShipperStats();
  private final List<WriteRequest> sent = new ArrayList<>();

  @Test
  void sendsEachWorkloadSeriesAfterTheRowsWithExternalLabelsAndEndsAGoneOneWithTheStaleMarker()
      throws Exception {
    WorkloadTable table = new WorkloadTable(8, 2);
    rows.append(T0, new double[] {10});
    table.lend(NGINX);
    int container = table.lend(CONTAINER);
    table.append(T0, new double[] {1.5, 0.25});
    table.append(T0 + 1000, new double[] {NAN, 0.75});
    table.append(T0 + 2000, new double[] {2.5, STALE});
    table.release(container);

    cutter(table, 100).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).hasSize(2);
    assertThat(Requests.key(sent.get(0).getTimeseries(0)))
        .isEqualTo(
            "__name__=jouleflow_energy_joules_total,device=0,domain=package,region=eu,"
                + "source=rapl");
    Map<String, List<Sample>> workloads = Requests.bySeries(sent.subList(1, 2));
    assertThat(workloads.keySet()).containsExactly(NGINX_KEY, CONTAINER_KEY);
    assertThat(workloads.get(NGINX_KEY))
        .extracting(Sample::getTimestamp, Sample::getValue)
        .containsExactly(tuple(T0, 1.5), tuple(T0 + 2000, 2.5));
    assertThat(workloads.get(CONTAINER_KEY))
        .extracting(Sample::getTimestamp)
        .containsExactly(T0, T0 + 1000, T0 + 2000);
    assertThat(workloads.get(CONTAINER_KEY))
        .extracting(sample -> Double.doubleToRawLongBits(sample.getValue()))
        .containsExactly(
            Double.doubleToRawLongBits(0.25),
            Double.doubleToRawLongBits(0.75),
            0x7ff0000000000002L);
    assertThat(stats.samplesDropped()).isZero();
  }

  @Test
  void aColumnLentAgainSendsOnlyItsNewOwnersRowsUnderTheNewOwnersLabels() throws Exception {
    WorkloadTable table = new WorkloadTable(2, 1);
    BatchCutter cutter = cutter(table, 100);
    int column = table.lend(CONTAINER);
    table.append(T0, new double[] {0.25});
    table.append(T0 + 1000, new double[] {STALE});
    table.release(column);
    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));
    // a value a writer left in the released column is nobody's once the column is lent again
    table.append(T0 + 2000, new double[] {99});
    table.append(T0 + 3000, new double[] {98});
    assertThat(table.lend(POD)).isEqualTo(column);
    table.append(T0 + 4000, new double[] {0.5});

    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));

    Map<String, List<Sample>> bySeries = Requests.bySeries(sent);
    assertThat(bySeries.keySet()).containsExactly(CONTAINER_KEY, POD_KEY);
    assertThat(bySeries.get(CONTAINER_KEY)).hasSize(2);
    assertThat(bySeries.get(POD_KEY))
        .extracting(Sample::getTimestamp, Sample::getValue)
        .containsExactly(tuple(T0 + 4000, 0.5));
  }

  @Test
  void cutsWorkloadRowsIntoBatchesOfAtMostMaxSamplesEachWithItsOwnersLabels() throws Exception {
    WorkloadTable table = new WorkloadTable(8, 3);
    table.lend(NGINX);
    table.lend(CONTAINER);
    table.lend(POD);
    for (int row = 0; row < 3; row++) {
      table.append(T0 + row * 1000L, new double[] {row, row + 0.5, row + 0.25});
    }

    cutter(table, 2).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).extracting(Requests::samples).containsExactly(2, 2, 2, 2, 1);
    Map<String, List<Sample>> bySeries = Requests.bySeries(sent);
    assertThat(bySeries.keySet()).containsExactlyInAnyOrder(NGINX_KEY, CONTAINER_KEY, POD_KEY);
    assertThat(bySeries.get(POD_KEY))
        .extracting(Sample::getValue)
        .containsExactly(0.25, 1.25, 2.25);
  }

  @Test
  void takesEachWorkloadRowOnceAndCountsOverwrittenRowsPerOwnedColumn() throws Exception {
    WorkloadTable table = new WorkloadTable(4, 3);
    BatchCutter cutter = cutter(table, 100);
    table.lend(NGINX);
    table.lend(POD);
    for (int row = 0; row < 10; row++) {
      table.append(T0 + row, new double[] {row, row, NAN});
    }

    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));
    cutter.cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).extracting(Requests::samples).containsExactly(4 * 2);
    assertThat(stats.samplesDropped(DropReason.OVERRUN)).isEqualTo(6 * 2);
  }

  @Test
  void withoutWorkloadsNothingMoreIsSent() throws Exception {
    rows.append(T0, new double[] {1});

    cutter(WorkloadTable.none(), 100).cut(batch -> sent.add(Requests.decode(batch.body())));

    assertThat(sent).extracting(Requests::samples).containsExactly(1);
  }

  private BatchCutter cutter(WorkloadTable table, int maxSamples) {
    Feed feed =
        new Feed(rows, List.of(PACKAGE), new RecordRing(4), new SeriesRegistry(1))
            .withWorkloads(table);
    return new BatchCutter(feed, maxSamples, Map.of("region", "eu"), stats);
  }
}

package io.jouleflow.agent.attribution;

import static io.jouleflow.agent.attribution.AttributorRig.DRAM;
import static io.jouleflow.agent.attribution.AttributorRig.GPU;
import static io.jouleflow.agent.attribution.AttributorRig.PACKAGE;
import static io.jouleflow.agent.attribution.AttributorRig.SECOND;
import static io.jouleflow.agent.attribution.AttributorRig.service;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.attribution.AttributorRig.Use;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AttributorTest {

  private static final Workload WEB = service("nginx.service");
  private static final Workload DB = service("postgres.service");

  @Test
  void splitsAnIntervalByCpuTimeWithTheRestIdle() {
    AttributorRig rig = AttributorRig.of(2, 500);
    rig.baseline(100, 10);

    boolean appended =
        rig.interval(
            SECOND,
            new Use().with(WEB, SECOND / 2).with(DB, SECOND / 4).other(SECOND / 4),
            140,
            18);

    assertThat(appended).isTrue();
    assertThat(rig.latest(WEB, PACKAGE)).isEqualTo(10.0);
    assertThat(rig.latest(DB, PACKAGE)).isEqualTo(5.0);
    assertThat(rig.latest(Workload.OTHER, PACKAGE)).isEqualTo(5.0);
    assertThat(rig.latest(Workload.IDLE, PACKAGE)).isEqualTo(20.0);
    assertThat(rig.latest(WEB, DRAM)).isEqualTo(2.0);
    assertThat(rig.latest(Workload.IDLE, DRAM)).isEqualTo(4.0);
    assertThat(rig.latest(WEB, GPU)).as("GPU energy is not split").isNull();
    assertThat(rig.latestTimestamp()).isEqualTo(FakeClock.WALL_START_MILLIS + 1000);
  }

  @Test
  void theFirstReadingIsTheBaselineAndStartsTheWorkloadsThereAtZero() {
    AttributorRig rig = AttributorRig.of(2, 500);

    rig.baseline(100, 10, new Use().with(WEB, 0));

    assertThat(rig.table.ring().published()).as("one row of zeros").isZero();
    assertThat(rig.latest(WEB, PACKAGE)).isZero();
    assertThat(rig.latest(Workload.IDLE, DRAM)).isZero();
    assertThat(rig.latestTimestamp()).isEqualTo(FakeClock.WALL_START_MILLIS);
    assertThat(metrics(rig)).containsEntry("jouleflow_attribution_intervals", 0.0);

    rig.interval(SECOND, new Use().with(WEB, SECOND), 140, 18);

    assertThat(rig.latest(WEB, PACKAGE))
        .as("the first interval an increase from 0, which rate() and increase() count")
        .isEqualTo(20.0);
  }

  @Test
  void energyMissingInARowIsCarriedToTheNextInterval() {
    AttributorRig rig = AttributorRig.of(1, 500);
    rig.baseline(100, 10);
    rig.interval(SECOND, new Use().with(WEB, SECOND / 2), 110, 10);

    rig.interval(SECOND, new Use().with(WEB, SECOND), Double.NaN, 10);
    assertThat(rig.latest(WEB, PACKAGE)).isEqualTo(5.0);

    rig.interval(SECOND, new Use().with(WEB, SECOND / 4), 130, 10);
    assertThat(rig.latest(WEB, PACKAGE)).as("5 J + 20 J x 1/4").isEqualTo(10.0);
    assertThat(rig.latest(Workload.IDLE, PACKAGE)).isEqualTo(5.0 + 15.0);
  }

  @Test
  void aWorkloadThatGoesGetsALastSampleThenTheStaleMarkerThenItsColumnsGoBack() {
    AttributorRig rig = AttributorRig.of(1, 500);
    rig.baseline(0, 0);
    rig.interval(SECOND, new Use().with(WEB, SECOND / 2).with(DB, SECOND / 2), 10, 0);
    List<Integer> webColumns = rig.columnsOf(WEB);

    rig.interval(SECOND, new Use().with(DB, SECOND).gone(WEB), 20, 0);
    assertThat(rig.latest(WEB, PACKAGE)).as("the last sample, unchanged").isEqualTo(5.0);
    assertThat(rig.latest(DB, PACKAGE)).isEqualTo(15.0);
    assertThat(rig.attributor.ledger().ending()).isEqualTo(1);

    rig.interval(SECOND, new Use().with(DB, SECOND), 30, 0);
    assertThat(WorkloadTable.isStale(requireNonNull(rig.latest(WEB, PACKAGE)))).isTrue();
    assertThat(rig.attributor.ledger().ending()).isZero();
    assertThat(metrics(rig)).containsEntry("jouleflow_workloads", 1.0);

    Workload next = service("redis.service");
    rig.interval(SECOND, new Use().with(DB, SECOND).with(next, 0), 40, 0);
    assertThat(rig.columnsOf(next)).hasSize(2).doesNotContainAnyElementsOf(webColumns);
  }

  @Test
  void aReleasedColumnIsLentAgainOnlyAfterTheRingOverwroteItsRows() {
    // Room for idle, other and one workload (2 split series each) plus one spare pair.
    AttributorRig rig = new AttributorRig(1, 500, 16, 8);
    rig.baseline(0, 0);
    rig.interval(SECOND, new Use().with(WEB, SECOND), 1, 0);
    List<Integer> webColumns = rig.columnsOf(WEB);
    rig.interval(SECOND, new Use().gone(WEB), 2, 0);
    rig.interval(SECOND, new Use(), 3, 0); // WEB's stale marker; its columns go back
    Workload[] next = new Workload[20];
    int reused = -1;
    for (int i = 0; i < next.length && reused < 0; i++) {
      next[i] = service("job" + i + ".service");
      rig.interval(SECOND, new Use().with(next[i], SECOND), 4 + i, 0);
      if (rig.columnsOf(next[i]).equals(webColumns)) {
        reused = i;
      }
    }
    // Row 0 holds the baseline's zeros, WEB's stale marker is in row 3: its columns come back
    // once row 19 is appended.
    assertThat(reused).isEqualTo(16);
    assertThat(rig.table.ring().published()).isEqualTo(20);
    assertThat(rig.latest(next[16], PACKAGE)).isEqualTo(1.0);
  }

  @Test
  void beyondMaxWorkloadsTheSmallestFoldIntoOtherAndAreCounted() {
    AttributorRig rig = AttributorRig.of(1, 2);
    Workload small = service("cron.service");
    rig.baseline(0, 0);

    rig.interval(
        SECOND,
        new Use().with(small, SECOND / 10).with(WEB, SECOND / 2).with(DB, SECOND / 5).other(0),
        100,
        0);

    assertThat(rig.latest(WEB, PACKAGE)).isEqualTo(50.0);
    assertThat(rig.latest(DB, PACKAGE)).isEqualTo(20.0);
    assertThat(rig.latest(small, PACKAGE)).isNull();
    assertThat(rig.latest(Workload.OTHER, PACKAGE)).isEqualTo(10.0);
    assertThat(rig.latest(Workload.IDLE, PACKAGE)).isCloseTo(20.0, within(1e-12));
    assertThat(metrics(rig))
        .containsEntry("jouleflow_workloads_folded", 1.0)
        .containsEntry("jouleflow_workloads", 2.0);
  }

  @Test
  void aWorkloadTheTableCannotLendColumnsFoldsIntoOtherAndIsCounted() {
    // idle, other and one workload, 2 split series each.
    AttributorRig rig = new AttributorRig(1, 500, 16, 6);
    rig.baseline(0, 0);

    rig.interval(SECOND, new Use().with(WEB, SECOND / 2).with(DB, SECOND / 4), 100, 0);

    assertThat(rig.latest(WEB, PACKAGE)).isEqualTo(50.0);
    assertThat(rig.latest(DB, PACKAGE)).isNull();
    assertThat(rig.latest(Workload.OTHER, PACKAGE)).isEqualTo(25.0);
    assertThat(rig.columnsOf(DB)).as("none stays lent").isEmpty();
    assertThat(metrics(rig)).containsEntry("jouleflow_workloads_folded", 1.0);
  }

  @Test
  void workloadsThatComeAndGoKeepTheStateBounded() {
    AttributorRig rig = AttributorRig.of(4, 20);
    rig.baseline(0, 0);
    int created = 0;
    int maxLive = 0;
    for (int i = 1; created < 10_000; i++) {
      Use use = new Use();
      for (int j = 0; j < 10; j++) {
        use.with(service("ci-" + created++ + ".service"), SECOND / 10);
      }
      rig.interval(SECOND, use, i, i / 10.0);
      maxLive = Math.max(maxLive, rig.attributor.ledger().workloads());
      assertThat(rig.attributor.ledger().ending()).isLessThanOrEqualTo(10);
    }
    assertThat(maxLive).isLessThanOrEqualTo(10);
    assertThat(rig.attributor.ledger().workloads()).isLessThanOrEqualTo(10);
    assertThat(rig.attributor.ledger().folded())
        .as("churn faster than the ring frees columns folds, counted")
        .isPositive();
  }

  @Test
  void aReadThatFailsSkipsTheIntervalAndIsCountedAndTheNextSplitsBoth() {
    AttributorRig rig = AttributorRig.of(1, 500);
    rig.baseline(0, 0);

    assertThat(rig.failingInterval(SECOND, 10, 0)).isFalse();
    assertThat(rig.interval(2 * SECOND, new Use().with(WEB, SECOND), 20, 0)).isTrue();

    assertThat(rig.latest(WEB, PACKAGE)).isEqualTo(10.0);
    assertThat(metrics(rig))
        .containsEntry("jouleflow_attribution_read_errors", 1.0)
        .containsEntry("jouleflow_attribution_intervals", 1.0);
  }

  @Test
  void cpuTimeBeyondTheMachinesIsScaledAndIdleGetsNothing() {
    AttributorRig rig = AttributorRig.of(1, 500);
    rig.baseline(0, 0);

    rig.interval(SECOND, new Use().with(WEB, SECOND).with(DB, SECOND).other(2 * SECOND), 40, 0);

    assertThat(rig.latest(WEB, PACKAGE)).isCloseTo(10.0, within(1e-12));
    assertThat(rig.latest(Workload.OTHER, PACKAGE)).isCloseTo(20.0, within(1e-12));
    assertThat(rig.latest(Workload.IDLE, PACKAGE)).isZero();
  }

  @Test
  void theThreadSplitsWhenTheSamplerWakesItAndStopsWithinItsLimit() {
    AttributorRig rig = new AttributorRig(2, 500, 16, 2 * 502 * 2, true);
    rig.attributor.start();
    try {
      rig.attributor.wake(rig.queue(0, new Use(), 0, 0));
      await().until(() -> rig.readingsLeft() == 0);
      rig.attributor.wake(rig.queue(SECOND, new Use().with(WEB, SECOND), 40, 0));
      await()
          .until(
              () -> Double.valueOf(1).equals(metrics(rig).get("jouleflow_attribution_intervals")));
      assertThat(rig.latest(WEB, PACKAGE)).isEqualTo(20.0);
    } finally {
      assertThat(rig.attributor.close(Duration.ofSeconds(5))).isTrue();
    }
  }

  private static Map<String, Double> metrics(AttributorRig rig) {
    return rig.attributor.metrics().stream()
        .collect(Collectors.toMap(SelfMetric::name, m -> m.points().get(0).value()));
  }
}

package io.jouleflow.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.api.Series;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTableTest {

  private static final Series NGINX = workload("nginx.service");
  private static final Series CRON = workload("cron.service");
  private static final Series SSHD = workload("sshd.service");

  @Test
  void columnsAreLentInOrderFromTheNextRowOn() {
    WorkloadTable table = new WorkloadTable(4, 2);
    table.append(1000, new double[] {Double.NaN, Double.NaN});

    assertThat(table.lend(NGINX)).isZero();
    assertThat(table.lend(CRON)).isEqualTo(1);

    assertThat(table.owner(0)).isEqualTo(new WorkloadTable.Owner(NGINX, 1));
    assertThat(table.seriesAt(0, 0)).isNull();
    assertThat(table.seriesAt(0, 1)).isEqualTo(NGINX);
    assertThat(table.seriesAt(1, 5)).isEqualTo(CRON);
  }

  @Test
  void lendGivesMinusOneWhenEveryColumnIsOwned() {
    WorkloadTable table = new WorkloadTable(4, 2);
    table.lend(NGINX);
    table.lend(CRON);

    assertThat(table.lend(SSHD)).isEqualTo(-1);
  }

  @Test
  void aReleasedColumnIsQuarantinedUntilTheRingOverwroteEveryRowOfItsOwner() {
    WorkloadTable table = new WorkloadTable(4, 1);
    int column = table.lend(NGINX);
    table.append(1000, new double[] {1});
    table.append(2000, new double[] {WorkloadTable.STALE});
    table.release(column);

    // rows 0 and 1 are nginx's; the ring of 4 still holds them for three more rows
    for (int row = 2; row <= 4; row++) {
      assertThat(table.lend(CRON)).as("lend after row %d", row - 1).isEqualTo(-1);
      table.append(1000L * (row + 1), new double[] {Double.NaN});
    }
    assertThat(table.seriesAt(column, 1)).isEqualTo(NGINX);
    table.append(6000, new double[] {Double.NaN}); // row 5 overwrites row 1, the last of nginx

    assertThat(table.lend(CRON)).isEqualTo(column);
    assertThat(table.owner(column)).isEqualTo(new WorkloadTable.Owner(CRON, 6));
    assertThat(table.seriesAt(column, 1)).isNull();
    assertThat(table.seriesAt(column, 5)).isNull();
    assertThat(table.seriesAt(column, 6)).isEqualTo(CRON);
  }

  @Test
  void releasedColumnsAreLentAgainOldestReleaseFirst() {
    WorkloadTable table = new WorkloadTable(2, 3);
    int a = table.lend(NGINX);
    int b = table.lend(CRON);
    int c = table.lend(SSHD);
    table.append(1000, new double[] {1, 1, 1});
    table.release(b);
    table.append(2000, new double[] {2, Double.NaN, 2});
    table.release(a);
    table.append(3000, new double[] {Double.NaN, Double.NaN, 3});

    // b's last row (0) is overwritten, a's (1) is not yet
    assertThat(table.lend(workload("one"))).isEqualTo(b);
    assertThat(table.lend(workload("two"))).isEqualTo(-1);
    table.append(4000, new double[] {Double.NaN, Double.NaN, 4});
    assertThat(table.lend(workload("two"))).isEqualTo(a);
    assertThat(table.lend(workload("three"))).isEqualTo(-1);
    assertThat(table.owner(c)).isEqualTo(new WorkloadTable.Owner(SSHD, 0));
  }

  @Test
  void canLendCountsTheNeverLentAndTheReleasedColumnsTheRingOverwrote() {
    WorkloadTable table = new WorkloadTable(4, 3);
    int nginx = table.lend(NGINX);
    table.lend(CRON);
    table.append(1000, new double[] {WorkloadTable.STALE, 1, Double.NaN});
    table.release(nginx);

    assertThat(table.canLend(1)).isTrue();
    assertThat(table.canLend(2)).as("nginx's column still holds its rows").isFalse();
    for (int row = 1; row <= 4; row++) {
      table.append(1000L * (row + 1), new double[] {Double.NaN, row, Double.NaN});
    }
    assertThat(table.canLend(2)).isTrue();
    assertThat(table.canLend(3)).isFalse();
  }

  @Test
  void aReleasedColumnKeepsItsOwnerForReadersOfItsLastRows() {
    WorkloadTable table = new WorkloadTable(8, 2);
    int column = table.lend(NGINX);
    table.append(1000, new double[] {1, Double.NaN});
    table.release(column);

    assertThat(table.owner(column)).isEqualTo(new WorkloadTable.Owner(NGINX, 0));
    assertThat(table.seriesAt(column, 0)).isEqualTo(NGINX);
    assertThat(table.owner(1)).isNull();
    assertThat(table.seriesAt(1, 0)).isNull();
    assertThat(table.ownedColumns()).isEqualTo(1);
  }

  @Test
  void theStaleMarkerKeepsItsExactBitsThroughTheRingAndEveryCopy() {
    WorkloadTable table = new WorkloadTable(4, 3);
    table.append(1000, new double[] {WorkloadTable.STALE, Double.NaN, 2.5});

    RowBatch rows = table.ring().cursor().peek(new RowBatch());
    RowBatch column = table.ring().copyColumn(0, 1, 0, 16, new RowBatch());
    RowBatch latest = table.ring().copyLatest(1, new RowBatch());

    assertThat(Double.doubleToRawLongBits(rows.value(0, 0))).isEqualTo(WorkloadTable.STALE_BITS);
    assertThat(Double.doubleToRawLongBits(column.value(0, 0))).isEqualTo(WorkloadTable.STALE_BITS);
    assertThat(Double.doubleToRawLongBits(latest.value(0, 0))).isEqualTo(WorkloadTable.STALE_BITS);
    assertThat(WorkloadTable.isStale(rows.value(0, 0))).isTrue();
    assertThat(WorkloadTable.isStale(rows.value(0, 1))).isFalse();
    assertThat(WorkloadTable.isStale(Double.NaN)).isFalse();
    assertThat(rows.value(0, 2)).isEqualTo(2.5);
  }

  @Test
  void noneHasNoColumnsAndLendsNothing() {
    WorkloadTable none = WorkloadTable.none();

    assertThat(none.width()).isZero();
    assertThat(none.lend(NGINX)).isEqualTo(-1);
    assertThat(none.ring().published()).isEqualTo(-1);
  }

  @Test
  void theHeapIsTheRings() {
    assertThat(WorkloadTable.bytesFor(16, 10)).isEqualTo(16L * (8 + 10 * 8));
  }

  private static Series workload(String name) {
    return Series.of(
        "jouleflow_workload_energy_joules_total",
        Map.of("source", "rapl", "domain", "package", "kind", "service", "workload", name));
  }
}

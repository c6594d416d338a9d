package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.api.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadSeriesTest {

  private static final List<Series> ENERGY =
      List.of(AttributorRig.PACKAGE, AttributorRig.DRAM, Series.energy("rapl", "core", "0"));

  @Test
  void aWorkloadTheTableHasTooFewColumnsForTakesNoneAndLeavesTheFreeOnesFree() {
    WorkloadTable table = new WorkloadTable(16, 3);
    table.lend(Workload.IDLE.energySeries(AttributorRig.PACKAGE));

    assertThat(WorkloadSeries.lend(AttributorRig.service("web.service"), ENERGY, table)).isNull();

    assertThat(table.owner(1)).as("no owner that never had values").isNull();
    assertThat(table.ownedColumns()).isEqualTo(1);
    Series other = Workload.OTHER.energySeries(AttributorRig.PACKAGE);
    assertThat(table.lend(other)).as("a free column is not held back").isEqualTo(1);
  }

  @Test
  void aWorkloadGetsAllItsColumnsWhenTheTableHasThem() {
    WorkloadTable table = new WorkloadTable(16, 3);

    WorkloadSeries series =
        WorkloadSeries.lend(AttributorRig.service("web.service"), ENERGY, table);

    assertThat(series).isNotNull();
    assertThat(table.ownedColumns()).isEqualTo(3);
  }
}

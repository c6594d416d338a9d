package io.jouleflow.agent.attribution;

import static io.jouleflow.agent.attribution.AttributorRig.SECOND;
import static io.jouleflow.agent.attribution.AttributorRig.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.agent.attribution.AttributorRig.Use;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: whatever the CPU time (also more than the machine has) and the energy (also missing),
 * the workload series' increments of every interval add up to what the machine series gained, and
 * over the run to all the machine's energy.
 */
class ConservationTest {

  private static final int INTERVALS = 400;
  private static final int CPUS = 4;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void everyIntervalsSharesAddUpToTheMachinesEnergy(long seed) {
    Random random = new Random(seed);
    AttributorRig rig = AttributorRig.of(CPUS, 8);
    List<Workload> pool = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pool.add(service("w" + i + ".service"));
    }
    Reader reader = new Reader(rig.table);
    double[] energy = {1000 * random.nextDouble(), 100 * random.nextDouble()};
    double[] start = energy.clone();
    rig.baseline(energy[0], energy[1]);
    double[] carried = new double[2];
    double[] total = new double[2];
    for (int n = 0; n < INTERVALS; n++) {
      long elapsed = SECOND / 10 + random.nextLong(SECOND);
      Use use = randomUse(random, pool, elapsed);
      double[] row = new double[2];
      for (int e = 0; e < 2; e++) {
        energy[e] += 50 * random.nextDouble();
        boolean missing = random.nextInt(10) == 0;
        row[e] = missing ? Double.NaN : energy[e];
      }
      assertThat(rig.interval(elapsed, use, row[0], row[1])).isTrue();
      double[] increments = reader.next();
      for (int e = 0; e < 2; e++) {
        double gained = Double.isNaN(row[e]) ? 0 : energy[e] - start[e] - carried[e];
        if (!Double.isNaN(row[e])) {
          carried[e] += gained;
        }
        assertThat(increments[e]).isCloseTo(gained, within(1e-9 * Math.max(1, gained)));
        total[e] += increments[e];
      }
    }
    for (int e = 0; e < 2; e++) {
      assertThat(total[e]).isCloseTo(carried[e], within(1e-9 * carried[e]));
    }
  }

  private static Use randomUse(Random random, List<Workload> pool, long elapsed) {
    Use use = new Use();
    for (Workload workload : pool) {
      if (random.nextInt(3) > 0) {
        // Up to 2 CPUs' worth each: often more than the machine has in all.
        use.with(workload, random.nextInt(4) == 0 ? 0 : random.nextLong(2 * elapsed));
      }
    }
    return use.other(random.nextBoolean() ? 0 : random.nextLong(elapsed));
  }

  /**
   * Reads the table as a consumer would: the newest row's increments per machine series (package
   * then DRAM), each column's value less the previous value of the same owner (0 for a new one).
   */
  private static final class Reader {
    private final WorkloadTable table;
    private final RowBatch batch = new RowBatch();
    private final long[] ownerFrom;
    private final double[] last;

    Reader(WorkloadTable table) {
      this.table = table;
      this.ownerFrom = new long[table.width()];
      this.last = new double[table.width()];
      Arrays.fill(ownerFrom, -1);
    }

    double[] next() {
      table.ring().copyLatest(1, batch);
      long row = batch.firstSequence();
      double[] increments = new double[2];
      for (int c = 0; c < table.width(); c++) {
        Series series = table.seriesAt(c, row);
        WorkloadTable.Owner owner = table.owner(c);
        double value = batch.value(0, c);
        if (series == null || owner == null || Double.isNaN(value)) {
          continue; // NaN also covers the staleness marker
        }
        if (owner.firstRow() != ownerFrom[c]) {
          ownerFrom[c] = owner.firstRow();
          last[c] = 0;
        }
        int e = "package".equals(series.labels().get("domain")) ? 0 : 1;
        increments[e] += value - last[c];
        last[c] = value;
      }
      return increments;
    }
  }
}

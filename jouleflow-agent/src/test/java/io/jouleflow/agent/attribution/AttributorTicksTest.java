package io.jouleflow.agent.attribution;

import static io.jouleflow.agent.attribution.AttributorRig.SECOND;
import static io.jouleflow.agent.attribution.AttributorRig.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The attributor on a real sampler's ticks: woken every {@code ticks}-th row, on its thread. */
class AttributorTicksTest {

  private static final Workload WEB = service("nginx.service");

  @Test
  void everyThirdRowOfTheSamplerEndsAnIntervalSplitOnTheAttributionThread() {
    Sampler sampler =
        new Sampler(
            List.of(new NamedSensor("fixed", "test", new TenJoulesPerRead())),
            64,
            Duration.ofMillis(100),
            Clock.SYSTEM);
    AtomicInteger reads = new AtomicInteger();
    WorkloadTable table = new WorkloadTable(16, 6);
    Attributor attributor =
        new Attributor(
            Feed.of(sampler.ring(), sampler.series()),
            () -> {
              reads.incrementAndGet();
              return new CpuDeltas(SECOND, List.of(WEB), new long[] {SECOND / 2}, 0, List.of());
            },
            1,
            "test",
            new AttributionSettings(
                Path.of("/"), Duration.ofMillis(300), 3, AttributionLevel.POD, 500),
            table,
            Clock.SYSTEM);
    attributor.listenTo(sampler);
    attributor.start();
    try {
      for (int interval = 1; interval <= 3; interval++) {
        for (int tick = 0; tick < 3; tick++) {
          sampler.sampleNow();
        }
        int expected = interval;
        await().until(() -> reads.get() == expected);
      }
      await().until(() -> table.ring().published() == 2);
      RowBatch rows = table.ring().copyFrom(0, new RowBatch());
      Series web = WEB.energySeries(Series.energy("fixed", "package", "0"));
      int column = 0;
      while (!web.equals(table.seriesAt(column, 0))) {
        column++;
      }
      // The baseline's 0, then 30 J per interval (3 reads of 10 J), half of one CPU's time.
      assertThat(rows.value(0, column)).isZero();
      assertThat(rows.value(1, column)).isEqualTo(15.0);
      assertThat(rows.value(2, column)).isEqualTo(30.0);
    } finally {
      assertThat(attributor.close(Duration.ofSeconds(5))).isTrue();
      sampler.close();
    }
  }

  private static final class TenJoulesPerRead implements ScheduledSensor {
    private double joules;

    @Override
    public List<Series> series() {
      return List.of(Series.energy("fixed", "package", "0"));
    }

    @Override
    public void read(double[] values) {
      joules += 10;
      values[0] = joules;
    }

    @Override
    public void close() {}
  }
}

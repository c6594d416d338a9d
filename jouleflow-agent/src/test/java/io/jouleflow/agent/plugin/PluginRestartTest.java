package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Collector;
import io.jouleflow.api.Processor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Restarts run on a {@link FakeClock}: the backoff is read from the waits it was asked for. */
class PluginRestartTest {

  private final FakeClock ticker = new FakeClock();
  private final PipelineStats stats = new PipelineStats();
  private final AtomicInteger runs = new AtomicInteger();
  private PluginPipeline pipeline = pipeline(sink -> {});

  @AfterEach
  void close() {
    pipeline.close(Duration.ofSeconds(2));
  }

  @Test
  void aCrashingCollectorIsRestartedWithDoublingBackoffCappedAtOneMinute() {
    pipeline = pipeline(crashes(10, 0));
    pipeline.start();

    await().until(() -> runs.get() == 11);

    assertThat(ticker.parks())
        .containsExactlyElementsOf(seconds(1, 2, 4, 8, 16, 32, 60, 60, 60, 60));
    assertThat(stats.restarts("p")).isEqualTo(10);
  }

  @Test
  void theBackoffStartsAgainAfterTheCollectorRanFineForAMinute() {
    pipeline = pipeline(crashes(5, 4));
    pipeline.start();

    await().until(() -> runs.get() == 6);

    assertThat(ticker.parks()).containsExactlyElementsOf(seconds(1, 2, 4, 1, 2));
    assertThat(stats.restarts("p")).isEqualTo(5);
  }

  @Test
  void aCollectorThatReturnsUnaskedIsRestartedToo() {
    pipeline =
        pipeline(
            sink -> {
              if (runs.incrementAndGet() > 1) {
                new CountDownLatch(1).await();
              }
            });
    pipeline.start();

    await().until(() -> runs.get() == 2);

    assertThat(ticker.parks()).containsExactlyElementsOf(seconds(1));
    assertThat(stats.restarts("p")).isOne();
  }

  /**
   * A collector that throws on its first {@code crashes} runs, running for two minutes first on run
   * {@code longRun} (1-based), then waits until interrupted.
   */
  private Collector crashes(int crashes, int longRun) {
    return sink -> {
      int run = runs.incrementAndGet();
      if (run > crashes) {
        new CountDownLatch(1).await();
      }
      if (run == longRun) {
        ticker.advance(Duration.ofMinutes(2));
      }
      throw new IllegalStateException("crash " + run);
    };
  }

  private PluginPipeline pipeline(Collector collector) {
    return new PluginPipeline(
        List.of(new CollectorPlugin("p", "test", collector, Processor.IDENTITY)),
        Records.settings(10, 10, 10),
        new RecordRing(16),
        new SeriesRegistry(10),
        Set.of(),
        stats,
        ticker,
        CollectorStage.BACKOFF);
  }

  private static List<Duration> seconds(long... values) {
    return Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
  }
}

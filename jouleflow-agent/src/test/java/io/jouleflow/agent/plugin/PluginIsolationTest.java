package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.runtime.Backoff;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.agent.sensor.rapl.RaplSensorProvider;
import io.jouleflow.api.Collector;
import io.jouleflow.api.Processor;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import io.jouleflow.api.ScheduledSensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that throw, hang in their collector, or hang in their processor, next to a good plugin
 * and the scheduled RAPL sensor of a fake powercap tree: the sampler and the good plugin go on.
 */
class PluginIsolationTest {

  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), null);

  @TempDir Path sysfs;

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHungPlugins() {
    release.countDown();
  }

  @Test
  void misbehavingPluginsStallNeitherTheSamplerNorOtherPlugins() throws Exception {
    try (FakePowercapTree tree = FakePowercapTree.builder(sysfs).build().start(1000)) {
      ScheduledSensor rapl = new RaplSensorProvider().open(new TestContext(tree.root()));
      Sampler sampler =
          new Sampler(
              List.of(new NamedSensor("rapl", "fake", rapl)),
              64,
              Duration.ofMillis(5),
              Clock.SYSTEM);
      RecordRing ring = new RecordRing(1 << 16);
      PipelineStats stats = new PipelineStats();
      PluginPipeline pipeline =
          new PluginPipeline(
              List.of(
                  plugin(
                      "thrower",
                      sink -> {
                        throw new IllegalStateException("always broken");
                      },
                      Processor.IDENTITY),
                  plugin("hanger", this::hangIgnoringInterrupts, Processor.IDENTITY),
                  plugin("stuck", PluginIsolationTest::emitSteadily, this::hangOnProcess),
                  plugin("good", PluginIsolationTest::emitSteadily, Processor.IDENTITY)),
              Records.settings(100, 1000, 100),
              ring,
              new SeriesRegistry(100),
              Set.of(),
              stats,
              Clock.SYSTEM,
              FAST);
      sampler.start();
      pipeline.start();

      await().until(() -> stats.dropped("stuck", DropReason.RAW_QUEUE_FULL) > 0);
      await().until(() -> stats.restarts("thrower") >= 3);
      long ticks = sampler.stats().ticks();
      long stored = stats.stored("good");
      await().until(() -> sampler.stats().ticks() >= ticks + 50);
      await().until(() -> stats.stored("good") >= stored + 50);
      assertThat(sampler.ring().published()).isPositive();
      assertThat(ring.published()).isGreaterThanOrEqualTo(stored + 50 - 1);

      pipeline.close(Duration.ofMillis(500));
      long afterClose = sampler.stats().ticks();
      await().until(() -> sampler.stats().ticks() >= afterClose + 10);
      assertThat(sampler.stats().readErrors(0)).isZero();
      assertThat(stats.stored("stuck")).isZero();
      sampler.close(Duration.ofSeconds(2));
    }
  }

  private void hangIgnoringInterrupts(RecordSink sink) {
    while (release.getCount() > 0) {
      try {
        release.await();
      } catch (InterruptedException e) {
        // a badly written plugin: it swallows the interrupt and goes on waiting
      }
    }
  }

  private void hangOnProcess(Record record, RecordSink out) {
    hangIgnoringInterrupts(out);
  }

  /** About a record a millisecond, each a millisecond after the last, until interrupted. */
  private static void emitSteadily(RecordSink sink) {
    long timestamp = System.currentTimeMillis();
    while (!Thread.currentThread().isInterrupted()) {
      timestamp = Math.max(timestamp + 1, System.currentTimeMillis());
      sink.emit(new Record("steady", Map.of("device", "0"), 1, timestamp));
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static CollectorPlugin plugin(String name, Collector collector, Processor processor) {
    return new CollectorPlugin(name, "test", collector, processor);
  }
}

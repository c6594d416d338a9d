package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.config.PluginSettings;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.plugin.exec.ExecPlugins;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exec plugin's program (a bash script) restarted by the pipeline's restart loop. The loop waits
 * on a clock that records each wait and returns only when the test hands it a permit.
 */
class ExecRestartTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final List<Record> records = new CopyOnWriteArrayList<>();
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private final Semaphore restartPermits = new Semaphore(0);
  private final PipelineStats stats = new PipelineStats();
  private @Nullable PluginPipeline pipeline;

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void aProgramThatExitsIsStartedAgainWithGrowingBackoff() throws Exception {
    ExecPlugins exec =
        start(
            """
            echo '{"metric":"m","value":1}'
            echo '{"metric":"m","value":2}'
            exit 3
            """);
    awaitPauses(1);
    assertThat(execCount(exec, "jouleflow_exec_restarts")).isZero();
    restartPermits.release();
    awaitPauses(2);
    restartPermits.release();
    awaitPauses(3);
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(execCount(exec, "jouleflow_exec_restarts")).isEqualTo(2);
    assertThat(stats.restarts("test")).isEqualTo(2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(records)
                    .extracting(Record::value)
                    .containsExactly(1.0, 2.0, 1.0, 2.0, 1.0, 2.0));
    assertThat(execCount(exec, "jouleflow_exec_lines")).isEqualTo(6);
  }

  @Test
  void oneLineSaysHowTheProgramEndedAndWhenItStartsAgain() throws Exception {
    try (LogCapture log = new LogCapture()) {
      start("exit 3");
      awaitPauses(1);

      assertThat(log.text())
          .containsOnlyOnce("exited with status 3")
          .containsPattern(
              "plugin 'test': the program exited with status 3 after [0-9.]+ s; restarting it in"
                  + " 1s");
    }
  }

  @Test
  void theProgramIsToldTheAgentsIntervalAndRawQueueSize() throws Exception {
    // the agent's values win over what the program would inherit (here: none, or the test's own)
    start(
        """
        echo "{\\"metric\\":\\"m\\",\\"value\\":$SCRAPE_INTERVAL_SECONDS,\\"labels\\":{\\"raw\\":\\"$RAW_QUEUE_SIZE\\"}}"
        exec sleep 300
        """);
    await().atMost(PATIENCE).until(() -> !records.isEmpty());
    assertThat(records.getFirst().value()).isEqualTo(0.25);
    assertThat(records.getFirst().labels()).containsEntry("raw", "100");
  }

  @Test
  void aProgramThatCannotStartIsRetriedWithBackoff() throws Exception {
    ExecPlugins exec = open("exit 0");
    Files.delete(dir.resolve("program.sh"));
    run(exec);
    awaitPauses(1);
    restartPermits.release();
    awaitPauses(2);
    assertThat(execCount(exec, "jouleflow_exec_restarts")).isEqualTo(1);
    assertThat(records).isEmpty();
  }

  private ExecPlugins start(String script) throws Exception {
    ExecPlugins exec = open(script);
    run(exec);
    return exec;
  }

  private ExecPlugins open(String script) throws Exception {
    Path program = dir.resolve("program.sh");
    Files.writeString(program, "#!/bin/bash\n" + script);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return ExecPlugins.open(
        settings(Map.of("test", List.of(program.toString()))),
        Duration.ofMillis(250),
        Clock.SYSTEM);
  }

  /** Runs the exec plugin in a pipeline whose processor keeps every record it sees. */
  private void run(ExecPlugins exec) {
    CollectorPlugin plugin = exec.plugins().getFirst();
    CollectorPlugin keeping =
        new CollectorPlugin(
            plugin.name(),
            plugin.description(),
            plugin.collector(),
            (record, out) -> {
              records.add(record);
              out.emit(record);
            });
    PluginPipeline started =
        new PluginPipeline(
            List.of(keeping),
            settings(Map.of()),
            new RecordRing(64),
            new SeriesRegistry(10),
            Set.of(),
            stats,
            new GatedClock(),
            CollectorStage.BACKOFF);
    pipeline = started;
    started.start();
  }

  private void awaitPauses(int count) {
    await().atMost(PATIENCE).until(() -> pauses.size() >= count);
    assertThat(pauses).hasSize(count);
  }

  /** The exec plugin's self-metric {@code family} for plugin {@code test}. */
  private static double execCount(ExecPlugins exec, String family) {
    return exec.metrics().stream()
        .filter(metric -> metric.name().equals(family))
        .flatMap(metric -> metric.points().stream())
        .filter(point -> point.labels().equals(List.of("plugin", "test")))
        .mapToDouble(SelfMetric.Point::value)
        .findFirst()
        .orElseThrow();
  }

  private static PluginSettings settings(Map<String, List<String>> execCommands) {
    return new PluginSettings(
        Optional.empty(),
        execCommands,
        100,
        100,
        1024,
        10,
        "exec",
        "pyjoules_remote_write_energy_uj",
        Map.of(),
        10_000);
  }

  /**
   * Monotonic time moves only when a wait ends, to the wait's deadline; each wait is recorded and
   * ends when the test releases a permit (or the waiting thread is interrupted).
   */
  private final class GatedClock implements Clock {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public long wallMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void park(long nanos) {
      parkUntil(this.nanos.get() + nanos);
    }

    @Override
    public void parkUntil(long deadline) {
      pauses.add(Duration.ofNanos(deadline - nanos.get()));
      try {
        restartPermits.acquire();
        nanos.accumulateAndGet(deadline, Math::max);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

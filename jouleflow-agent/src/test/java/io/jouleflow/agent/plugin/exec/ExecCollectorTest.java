package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Record;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real programs (bash scripts in a temporary folder) under an exec collector, one run each;
 * restarts are the pipeline's ({@code io.jouleflow.agent.plugin.ExecRestartTest}).
 */
class ExecCollectorTest {

  private static final String METRIC = "pyjoules_remote_write_energy_uj";
  private static final long NOW = 1_800_000_000_000L;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<Record> records = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> outcome = new AtomicReference<>("running");
  private final Clock clock =
      new Clock() {
        @Override
        public long nanoTime() {
          return 0;
        }

        @Override
        public long wallMillis() {
          return NOW;
        }

        @Override
        public void park(long nanos) {
          java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
      };
  private @Nullable ExecCollector collector;
  private @Nullable Thread runner;

  @AfterEach
  void stop() throws InterruptedException {
    if (collector != null) {
      collector.close();
    }
    if (runner != null) {
      runner.interrupt();
      runner.join(PATIENCE);
    }
  }

  @Test
  void recordLinesPassThrough() throws Exception {
    ExecCollector exec =
        start(
            """
            echo '{"metric":"app_energy_uj","labels":{"host":"a","gpu":"1"},"value":1.5,"timestamp_ms":1700000000123}'
            echo '{"labels":{"task":"t1"},"value":42}'
            echo '{"metric": "app_power_watts", "value": -3e2, "timestamp_ms": 1700000000124}'
            echo '{"value":7,"labels":{"source":"mine"}}'
            """);
    awaitReturn();
    assertThat(records)
        .containsExactly(
            new Record("app_energy_uj", Map.of("host", "a", "gpu", "1"), 1.5, 1_700_000_000_123L),
            new Record(METRIC, Map.of("task", "t1", "source", "exec"), 42, NOW),
            new Record("app_power_watts", Map.of(), -300, 1_700_000_000_124L),
            new Record(METRIC, Map.of("source", "mine"), 7, NOW));
    assertThat(exec.stats().linesRead()).isEqualTo(4);
    assertThat(exec.stats().recordsEmitted()).isEqualTo(4);
    assertThat(exec.stats().badLinesByReason()).isEqualTo(badLines(Map.of()));
  }

  @Test
  void pyJoulesLinesBecomeOneRecordPerDomain() throws Exception {
    ExecCollector exec =
        start(
            """
            python3 -c 'import json; print(json.dumps({"timestamp": 1700000000.123, "tag": "my-task", "duration": 2.5, "package_0": 123456.0, "dram_0": 789.0, "nvidia_gpu_0": 42.0}))'
            echo '{"timestamp": 1700000001, "package_1": 10, "core": 5}'
            """);
    awaitReturn();
    long first = 1_700_000_000_123L;
    assertThat(records)
        .containsExactly(
            new Record(METRIC, domain("package", "0", "my-task"), 123456, first),
            new Record(METRIC, domain("dram", "0", "my-task"), 789, first),
            new Record(METRIC, domain("nvidia_gpu", "0", "my-task"), 42, first),
            new Record(METRIC, domain("package", "1", null), 10, 1_700_000_001_000L),
            new Record(METRIC, Map.of("source", "exec", "domain", "core"), 5, 1_700_000_001_000L));
    assertThat(exec.stats().recordsEmitted()).isEqualTo(5);
    assertThat(exec.stats().linesRead()).isEqualTo(2);
  }

  @Test
  void aPythonProgramsPlainPrintArrivesWhileItRuns() throws Exception {
    // print() to a pipe is block-buffered: without PYTHONUNBUFFERED in the child's environment
    // the line would wait in Python's buffer until the program exits, 300 s later. (Where the
    // test's own environment already has it, lineFlushed's test below is the one that can fail.)
    ExecCollector exec =
        start(
            """
            exec python3 -c 'import time; print("{\\"labels\\": {\\"task\\": \\"t1\\"}, \\"value\\": 1}"); time.sleep(300)'
            """);
    await().atMost(PATIENCE).until(() -> !records.isEmpty());
    assertThat(outcome.get()).as("the program still runs, stderr %s", stderr).isEqualTo("running");
    assertThat(records)
        .containsExactly(new Record(METRIC, Map.of("task", "t1", "source", "exec"), 1, NOW));
    assertThat(exec.stats().linesRead()).isEqualTo(1);
  }

  @Test
  void theProgramsEnvironmentAsksPythonForLineFlushedOutputUnlessTheOperatorChose() {
    Map<String, String> bare = new HashMap<>(Map.of("PATH", "/usr/bin"));
    ProgramRun.lineFlushed(bare);
    assertThat(bare).containsEntry("PYTHONUNBUFFERED", "1").containsEntry("PATH", "/usr/bin");

    Map<String, String> chosen = new HashMap<>(Map.of("PYTHONUNBUFFERED", "x"));
    ProgramRun.lineFlushed(chosen);
    assertThat(chosen).containsExactly(Map.entry("PYTHONUNBUFFERED", "x"));
  }

  @Test
  void badLinesAreCountedByReasonAndGoodLinesAroundThemFlow() throws Exception {
    ExecCollector exec =
        start(
            """
            echo '{"metric":"m","value":1,"timestamp_ms":1}'
            echo 'this is not json'
            echo '{"metric":"m","labels":{"a":"1","a":"2"},"value":2}'
            echo '{"metric":"m","value":"12.5"}'
            echo '{"metric":"m","labels":{"a":"1"}}'
            echo '[1,2,3]'
            echo '{"metric":"m","value":3} trailing'
            echo '{"metric":"m","labels":{"n":5},"value":4}'
            echo '{"metric":"m","value":5,"value":6}'
            echo '{"value":1,"tag":"x"}'
            echo '{"metric":"m","labels":[],"value":1}'
            echo '{"timestamp":1700000000,"package_0":"12"}'
            head -c 70000 /dev/zero | tr '\\0' x; echo
            echo
            echo '{"metric":"m","value":9,"timestamp_ms":2}'
            """);
    awaitReturn();
    assertThat(records)
        .containsExactly(new Record("m", Map.of(), 1, 1), new Record("m", Map.of(), 9, 2));
    assertThat(exec.stats().badLinesByReason())
        .isEqualTo(
            badLines(
                Map.ofEntries(
                    Map.entry(BadLineReason.NOT_JSON, 1L),
                    Map.entry(BadLineReason.DUPLICATE_LABEL, 1L),
                    Map.entry(BadLineReason.VALUE_NOT_NUMBER, 2L),
                    Map.entry(BadLineReason.MISSING_VALUE, 1L),
                    Map.entry(BadLineReason.NOT_OBJECT, 1L),
                    Map.entry(BadLineReason.TRAILING_DATA, 1L),
                    Map.entry(BadLineReason.LABEL_VALUE_NOT_STRING, 1L),
                    Map.entry(BadLineReason.DUPLICATE_KEY, 1L),
                    Map.entry(BadLineReason.UNKNOWN_KEY, 1L),
                    Map.entry(BadLineReason.WRONG_TYPE, 1L),
                    Map.entry(BadLineReason.TOO_LONG, 1L))));
    assertThat(exec.stats().linesRead()).isEqualTo(15);
    assertThat(exec.stats().recordsEmitted()).isEqualTo(2);
  }

  @Test
  void stderrLinesReachTheLogFromANamedThread() throws Exception {
    ExecCollector exec =
        start(
            """
            echo 'starting up' >&2
            echo 'Traceback (most recent call last): boom' >&2
            echo '{"metric":"m","value":1}'
            """);
    awaitReturn();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(stderr)
                    .containsExactly(
                        "jouleflow-exec-test-stderr INFO starting up",
                        "jouleflow-exec-test-stderr WARN Traceback (most recent call last): boom"));
    assertThat(exec.stats().stderrLines()).isEqualTo(2);
  }

  @Test
  void interruptStopsTheProgramAndItsChild() throws Exception {
    start(
        """
        sleep 1000 &
        printf '{"metric":"pids","labels":{"parent":"%s","child":"%s"},"value":1}\\n' $$ $!
        wait
        """);
    List<ProcessHandle> tree = awaitProcessTree();
    assertThat(tree).allMatch(ProcessHandle::isAlive);
    runner().interrupt();
    await().atMost(PATIENCE).until(() -> !runner().isAlive());
    assertThat(outcome.get()).isEqualTo("threw InterruptedException");
    await().atMost(PATIENCE).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void closeKillsAProgramThatIgnoresSigterm() throws Exception {
    ExecCollector exec =
        start(
            """
            trap '' TERM
            sleep 1000 &
            printf '{"metric":"pids","labels":{"parent":"%s","child":"%s"},"value":1}\\n' $$ $!
            wait
            """);
    List<ProcessHandle> tree = awaitProcessTree();
    exec.close();
    // a killed orphan may stay a zombie (exited, not yet reaped by init) for a while
    assertThat(tree).noneMatch(ProcessGroup::running);
    await().atMost(PATIENCE).until(() -> !runner().isAlive());
    assertThat(outcome.get()).isEqualTo("returned");
    assertThat(exec.stats().restarts()).isZero();
  }

  private ExecCollector start(String script) throws IOException, UnavailableException {
    ExecCollector exec = create(script);
    startRunner(exec);
    return exec;
  }

  private ExecCollector create(String script) throws IOException, UnavailableException {
    Path program = dir.resolve("program.sh");
    Files.writeString(program, "#!/bin/bash\n" + script);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    ExecCollector exec =
        new ExecCollector(
            ExecCommand.resolve("test", List.of(program.toString()), null),
            "exec",
            METRIC,
            clock,
            (level, text) ->
                stderr.add(Thread.currentThread().getName() + " " + level + " " + text));
    collector = exec;
    return exec;
  }

  private void startRunner(ExecCollector exec) {
    runner = Thread.ofPlatform().name("test-exec-collector").start(() -> run(exec));
  }

  private void run(ExecCollector exec) {
    try {
      exec.run(records::add);
      outcome.set("returned");
    } catch (Exception e) {
      outcome.set("threw " + e.getClass().getSimpleName());
    }
  }

  private Thread runner() {
    return Objects.requireNonNull(runner);
  }

  /** Waits until the one run of the program has ended: it exited, and run returned. */
  private void awaitReturn() {
    await().atMost(PATIENCE).until(() -> !outcome.get().equals("running"));
    assertThat(outcome.get()).isEqualTo("returned");
  }

  private List<ProcessHandle> awaitProcessTree() {
    await().atMost(PATIENCE).until(() -> !records.isEmpty());
    Map<String, String> pids = records.getFirst().labels();
    return List.of(handle(pids.get("parent")), handle(pids.get("child")));
  }

  private static ProcessHandle handle(@Nullable String pid) {
    return ProcessHandle.of(Long.parseLong(Objects.requireNonNull(pid))).orElseThrow();
  }

  private static Map<String, String> domain(String domain, String device, @Nullable String tag) {
    return tag == null
        ? Map.of("source", "exec", "domain", domain, "device", device)
        : Map.of("source", "exec", "domain", domain, "device", device, "tag", tag);
  }

  private static Map<BadLineReason, Long> badLines(Map<BadLineReason, Long> nonZero) {
    Map<BadLineReason, Long> all = new EnumMap<>(BadLineReason.class);
    for (BadLineReason reason : BadLineReason.values()) {
      all.put(reason, nonZero.getOrDefault(reason, 0L));
    }
    return all;
  }
}

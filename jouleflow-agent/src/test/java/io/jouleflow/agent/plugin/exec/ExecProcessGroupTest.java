package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec programs run in a process group of their own, which is stopped as a whole on close and when
 * the agent's end of the lifeline pipe closes (as when the agent is SIGKILLed).
 */
class ExecProcessGroupTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Ignores SIGTERM, forks a child that leaves the process tree, and reports both pids. */
  private static final String STUBBORN =
      """
      trap '' TERM
      ( sleep 1000 & echo $! > "$1/orphan" )
      sleep 1000 &
      echo $! > "$1/child"
      echo $$ > "$1/pid"
      wait
      """;

  @TempDir Path dir;
  private final List<Record> records = new CopyOnWriteArrayList<>();
  private @Nullable ExecCollector collector;
  private @Nullable Thread runner;

  @BeforeEach
  void needsSetsid() {
    assumeTrue(ProcessGroup.supported(), "setsid and /bin/sh present");
  }

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
  void theProgramLeadsAGroupOfItsOwn() throws Exception {
    start(STUBBORN);
    long pid = awaitPid("pid");

    assertThat(ProcessGroup.groupOf(Path.of("/proc", "" + pid))).isEqualTo(pid);
    assertThat(ProcessGroup.groupOf(Path.of("/proc/self"))).isNotEqualTo(pid);
    assertThat(ProcessGroup.members(pid)).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void closeStopsTheWholeGroupThoughItIgnoresSigtermAndAChildLeftTheTree() throws Exception {
    ExecCollector exec = start(STUBBORN);
    long pid = awaitPid("pid");
    long orphan = awaitPid("orphan");
    long child = awaitPid("child");
    assertThat(ProcessHandle.of(pid).orElseThrow().descendants().map(ProcessHandle::pid))
        .doesNotContain(orphan);

    exec.close();

    assertThat(List.of(pid, orphan, child)).noneMatch(ExecProcessGroupTest::alive);
    assertThat(ProcessGroup.members(pid)).isEmpty();
  }

  @Test
  void theWatcherStopsTheGroupWhenTheAgentsEndOfThePipeCloses() throws Exception {
    Path program = script(STUBBORN);
    Process process =
        new ProcessBuilder(
                ProcessGroup.launch(
                    List.of(program.toString(), dir.toString()), Duration.ofSeconds(1)))
            .start();
    long orphan = awaitPid("orphan");
    long child = awaitPid("child");
    assertThat(ProcessGroup.members(process.pid())).hasSizeGreaterThanOrEqualTo(3);

    process.getOutputStream().close(); // what the kernel does when the agent dies

    await()
        .atMost(PATIENCE)
        .until(() -> ProcessGroup.members(process.pid()).isEmpty() && !alive(orphan));
    assertThat(alive(child)).isFalse();
    assertThat(process.waitFor()).isEqualTo(137); // SIGKILL: it ignored SIGTERM
  }

  @Test
  void childrenLeftBehindByAProgramThatExitedAreStopped() throws Exception {
    start(
        """
        ( sleep 1000 & echo $! > "$1/orphan" ) >/dev/null
        echo $$ > "$1/pid"
        echo '{"metric":"m","value":1}'
        """);
    long pid = awaitPid("pid");
    long orphan = awaitPid("orphan");

    await().atMost(PATIENCE).until(() -> !runner().isAlive());
    await().atMost(PATIENCE).until(() -> !alive(orphan));
    assertThat(ProcessGroup.members(pid)).isEmpty();
    assertThat(records).hasSize(1);
  }

  private ExecCollector start(String body) throws Exception {
    Path program = script(body);
    ExecCollector exec =
        new ExecCollector(
            ExecCommand.resolve("test", List.of(program.toString(), dir.toString()), null),
            "exec",
            "m",
            Clock.SYSTEM,
            (level, text) -> {});
    collector = exec;
    runner =
        Thread.ofPlatform()
            .name("test-exec-group")
            .start(
                () -> {
                  try {
                    exec.run(records::add);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    return exec;
  }

  private Path script(String body) throws Exception {
    Path program = dir.resolve("program.sh");
    Files.writeString(program, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return program;
  }

  private long awaitPid(String name) throws Exception {
    Path file = dir.resolve(name);
    await()
        .atMost(PATIENCE)
        .until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
    return Long.parseLong(Files.readString(file).strip());
  }

  private Thread runner() {
    return java.util.Objects.requireNonNull(runner);
  }

  /** Whether {@code pid} runs; a killed orphan may stay a zombie until init reaps it. */
  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessGroup::running).orElse(false);
  }
}

package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.config.AttributionLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * On this machine's own cgroup v2 hierarchy (at {@code /sys/fs/cgroup} or its {@code unified/}).
 */
class RealCgroupTest {

  private static final Path CGROUP_PATH = Path.of("/sys/fs/cgroup");
  private static final Path SYSFS = Path.of("/sys");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void readsTheCpuTimeOfABusyProcessInACgroupOfItsOwn() throws Exception {
    Path root = writableV2Root();
    String name = "jouleflow-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path cgroup = root.resolve(name);
    try {
      Files.createDirectory(cgroup);
    } catch (IOException e) {
      assumeTrue(false, "cannot make a cgroup under " + root + ": " + e);
    }
    Process busy = startBusyIn(cgroup);
    Workload workload = new Workload(WorkloadKind.OTHER, name, name, null, null);
    try (CgroupCpu cpu = CgroupCpu.open(CGROUP_PATH, SYSFS, AttributionLevel.POD)) {
      AtomicLong used = new AtomicLong();
      cpu.read();
      await().atMost(PATIENCE).until(() -> used.addAndGet(deltaOf(cpu.read(), workload)) > 0);

      stop(busy);
      await().atMost(PATIENCE).until(() -> removed(cgroup));
      assertThat(cpu.read().gone()).contains(workload);
      assertThat(cpu.readErrors()).isZero();
    } finally {
      stop(busy);
      removed(cgroup);
    }
  }

  private static Path writableV2Root() {
    CgroupHierarchy hierarchy;
    try {
      hierarchy = CgroupHierarchy.detect(CGROUP_PATH);
    } catch (AttributionUnavailableException e) {
      assumeTrue(false, e.getMessage());
      throw new AssertionError(e);
    }
    assumeTrue(hierarchy.version() == 2, "no cgroup v2 here: " + hierarchy.description());
    assumeTrue(Files.isWritable(hierarchy.root()), "cannot write to " + hierarchy.description());
    return hierarchy.root();
  }

  /** A shell that moves itself into {@code cgroup} and then spins. */
  private static Process startBusyIn(Path cgroup) throws IOException {
    String procs = cgroup.resolve("cgroup.procs").toString();
    return new ProcessBuilder(
            "/bin/sh", "-c", "echo $$ > \"$1\" && while :; do :; done", "sh", procs)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static long deltaOf(CpuDeltas deltas, Workload workload) {
    int index = deltas.workloads().indexOf(workload);
    return index < 0 ? 0 : deltas.cpuNanos()[index];
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  private static boolean removed(Path cgroup) {
    try {
      Files.deleteIfExists(cgroup);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

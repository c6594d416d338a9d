package io.jouleflow.agent.attribution;

import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.runtime.FakeClock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints what reading the CPU time of many workloads costs on this machine's real cgroup v2
 * hierarchy: makes {@code N} cgroups (default 500) under a slice of its own, times readings (thread
 * CPU time) with and without the discovery walk, and removes them. Run by {@code
 * bench/cgroup-read-cost.sh}; needs root and a writable v2 hierarchy.
 */
public final class CgroupReadCost {

  private static final int READS = 2_000;
  private static final int WALKS = 200;

  private CgroupReadCost() {}

  /** {@code [workloads]}. */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    CgroupHierarchy hierarchy = CgroupHierarchy.detect(Path.of("/sys/fs/cgroup"));
    Path slice = hierarchy.root().resolve("system.slice");
    boolean madeSlice = !Files.isDirectory(slice);
    Path[] cgroups = new Path[count];
    try {
      Files.createDirectories(slice);
      for (int i = 0; i < count; i++) {
        cgroups[i] = Files.createDirectory(slice.resolve("jouleflow-cost-" + i + ".service"));
      }
      measure(hierarchy, count);
    } finally {
      for (Path cgroup : cgroups) {
        if (cgroup != null) {
          Files.deleteIfExists(cgroup);
        }
      }
      if (madeSlice) {
        deleteQuietly(slice);
      }
    }
  }

  private static void measure(CgroupHierarchy hierarchy, int count) throws Exception {
    FakeClock clock = new FakeClock();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (CgroupCpu cpu =
        CgroupCpu.open(Path.of("/sys/fs/cgroup"), Path.of("/sys"), AttributionLevel.POD, clock)) {
      for (int i = 0; i < READS; i++) {
        cpu.read();
      }
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < READS; i++) {
        cpu.read();
      }
      double readMicros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / READS;
      start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < WALKS; i++) {
        clock.advance(Duration.ofSeconds(1));
        cpu.read();
      }
      double walkMicros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / WALKS - readMicros;
      System.out.printf(
          Locale.ROOT,
          "%s, %d workloads (%d found): read %.0f us, walk %.0f us;"
              + " at 1 s %.3f %% of one core, at 100 ms %.3f %%%n",
          hierarchy.description(),
          count,
          cpu.workloadCount(),
          readMicros,
          walkMicros,
          (readMicros + walkMicros) / 1e4,
          (10 * readMicros + walkMicros) / 1e4);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      System.err.println("cannot remove " + path + ": " + e);
    }
  }
}

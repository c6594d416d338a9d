package io.jouleflow.agent.attribution;

import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the CPU time of every workload of a {@link CgroupHierarchy}: finds the workloads (at most
 * once a second) and reads their counters at each call. One thread uses it.
 *
 * <p>Each workload's counter file stays open and is read again from offset 0, so a reading costs
 * one system call per workload; the files of workloads that went away are closed when they go, so
 * workloads that come and go leave nothing behind. At level {@code container} a pod's containers
 * are workloads of their own and the pod keeps what its containers do not account for.
 */
public final class CgroupCpu implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CgroupCpu.class);

  /** How often the hierarchy is walked for workloads that came or went, at most. */
  static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(1);

  private final CgroupHierarchy hierarchy;
  private final int cpus;
  private final Clock clock;
  private final CgroupWalk walk;
  private final @Nullable CpuCounter root;
  private final Map<Workload, Tracked> tracked = new LinkedHashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CpuCounter.BUFFER_BYTES);
  private final LogLimiter warnings;
  private long lastDiscoveryNanos;
  private long lastReadNanos;
  private boolean read;
  private volatile long readErrors;

  private CgroupCpu(
      CgroupHierarchy hierarchy,
      int cpus,
      AttributionLevel level,
      Clock clock,
      @Nullable CpuCounter root) {
    this.hierarchy = hierarchy;
    this.cpus = cpus;
    this.clock = clock;
    this.walk = new CgroupWalk(hierarchy.root(), level);
    this.root = root;
    this.warnings = LogLimiter.oncePerMinute(clock);
  }

  /**
   * Opens the hierarchy under {@code cgroupPath}, counting the online CPUs from {@code sysfs}.
   *
   * @throws AttributionUnavailableException with one line saying why attribution cannot run
   */
  public static CgroupCpu open(Path cgroupPath, Path sysfs, AttributionLevel level)
      throws AttributionUnavailableException {
    return open(cgroupPath, sysfs, level, Clock.SYSTEM);
  }

  /**
   * {@link #open(Path, Path, AttributionLevel)} timed by {@code clock}.
   *
   * @throws IllegalArgumentException for level {@code off}: whoever opens decides that first
   */
  public static CgroupCpu open(Path cgroupPath, Path sysfs, AttributionLevel level, Clock clock)
      throws AttributionUnavailableException {
    if (level == AttributionLevel.OFF) {
      throw new IllegalArgumentException("attribution is off: nothing to open");
    }
    CgroupHierarchy hierarchy = CgroupHierarchy.detect(cgroupPath);
    CgroupCpu cpu =
        new CgroupCpu(hierarchy, OnlineCpus.count(sysfs), level, clock, openRoot(hierarchy));
    try {
      cpu.discover(new ArrayList<>());
    } catch (IOException e) {
      cpu.close();
      throw new AttributionUnavailableException(
          "cannot list " + hierarchy.description() + ": " + e.getMessage());
    }
    return cpu;
  }

  /** The hierarchy read. */
  public CgroupHierarchy hierarchy() {
    return hierarchy;
  }

  /** The machine's online CPUs. */
  public int cpus() {
    return cpus;
  }

  /** How many workloads were found at the last walk or reading. */
  public int workloadCount() {
    return tracked.size();
  }

  /** How many readings of a counter failed other than by its cgroup going away. */
  public long readErrors() {
    return readErrors;
  }

  /** Reads every workload's counter now. */
  public CpuDeltas read() {
    long now = clock.nanoTime();
    List<Workload> gone = new ArrayList<>();
    if (now - lastDiscoveryNanos >= DISCOVERY_INTERVAL.toNanos()) {
      rediscover(gone);
    }
    List<Workload> workloads = new ArrayList<>(tracked.size());
    long[] cpuNanos = new long[tracked.size()];
    readAll(workloads, cpuNanos, gone);
    subtractContainers(cpuNanos);
    long other = Math.max(0, rootDelta() - sum(cpuNanos, workloads.size()));
    long elapsed = read ? now - lastReadNanos : 0;
    read = true;
    lastReadNanos = now;
    return new CpuDeltas(
        elapsed,
        List.copyOf(workloads),
        Arrays.copyOf(cpuNanos, workloads.size()),
        other,
        List.copyOf(gone));
  }

  /** Closes every counter file. */
  @Override
  public void close() {
    for (Tracked entry : tracked.values()) {
      entry.counter.close();
    }
    tracked.clear();
    if (root != null) {
      root.close();
    }
  }

  private static @Nullable CpuCounter openRoot(CgroupHierarchy hierarchy)
      throws AttributionUnavailableException {
    try {
      return CpuCounter.open(hierarchy.root(), hierarchy);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new AttributionUnavailableException(
          "cannot open " + hierarchy.root().resolve(hierarchy.counterName()) + ": " + e);
    }
  }

  private void rediscover(List<Workload> gone) {
    try {
      discover(gone);
    } catch (IOException e) {
      failed("cannot list the cgroup hierarchy at " + hierarchy.root(), e);
    }
  }

  /** Walks the hierarchy: opens the counters of new workloads, closes those of vanished ones. */
  private void discover(List<Workload> gone) throws IOException {
    List<CgroupWalk.Found> found = walk.find();
    lastDiscoveryNanos = clock.nanoTime();
    Set<Workload> seen = new HashSet<>();
    for (CgroupWalk.Found one : found) {
      seen.add(one.workload());
      Tracked entry = tracked.get(one.workload());
      if (entry == null) {
        entry = track(one.workload());
      }
      if (entry != null) {
        Workload pod = one.pod();
        entry.pod = pod == null ? null : tracked.get(pod);
      }
    }
    for (Iterator<Tracked> entries = tracked.values().iterator(); entries.hasNext(); ) {
      Tracked entry = entries.next();
      if (!seen.contains(entry.workload)) {
        entry.counter.close();
        entries.remove();
        gone.add(entry.workload);
      }
    }
  }

  private @Nullable Tracked track(Workload workload) {
    String path = workload.cgroup();
    if (path == null) {
      return null;
    }
    try {
      Tracked entry =
          new Tracked(workload, CpuCounter.open(hierarchy.root().resolve(path), hierarchy));
      tracked.put(workload, entry);
      return entry;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      failed("cannot open the CPU time of cgroup " + path, e);
      return null;
    }
  }

  private void readAll(List<Workload> workloads, long[] cpuNanos, List<Workload> gone) {
    int index = 0;
    for (Iterator<Tracked> entries = tracked.values().iterator(); entries.hasNext(); ) {
      Tracked entry = entries.next();
      long delta = advance(entry.counter);
      if (delta == CpuCounter.GONE) {
        entry.counter.close();
        entries.remove();
        gone.add(entry.workload);
        continue;
      }
      entry.index = index;
      entry.containersNanos = 0;
      cpuNanos[index++] = delta;
      workloads.add(entry.workload);
    }
  }

  /** A pod's own delta less its containers', where they are workloads of their own. */
  private void subtractContainers(long[] cpuNanos) {
    for (Tracked entry : tracked.values()) {
      Tracked pod = entry.pod;
      if (pod != null && tracked.get(pod.workload) == pod) {
        pod.containersNanos += cpuNanos[entry.index];
      }
    }
    for (Tracked entry : tracked.values()) {
      if (entry.containersNanos > 0) {
        cpuNanos[entry.index] = Math.max(0, cpuNanos[entry.index] - entry.containersNanos);
      }
    }
  }

  private long rootDelta() {
    CpuCounter counter = root;
    if (counter == null) {
      return 0;
    }
    long delta = advance(counter);
    return delta == CpuCounter.GONE ? 0 : delta;
  }

  /** The counter's delta; 0 (counted, logged) when it cannot be read. */
  private long advance(CpuCounter counter) {
    try {
      return counter.advance(buffer);
    } catch (IOException e) {
      failed("cannot read " + counter.file(), e);
      return 0;
    }
  }

  private void failed(String what, IOException e) {
    readErrors++;
    long heldBack = warnings.allow();
    if (heldBack != LogLimiter.HELD_BACK) {
      log.warn(
          "attribution: {}: {} (logged at most once a minute){}",
          what,
          e.getMessage(),
          LogLimiter.heldBackNote(heldBack));
    }
  }

  private static long sum(long[] values, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += values[i];
    }
    return sum;
  }

  /** A workload being read: its counter, and at level container the pod a container is in. */
  private static final class Tracked {
    final Workload workload;
    final CpuCounter counter;
    @Nullable Tracked pod;
    int index;
    long containersNanos;

    Tracked(Workload workload, CpuCounter counter) {
      this.workload = workload;
      this.counter = counter;
    }
  }
}

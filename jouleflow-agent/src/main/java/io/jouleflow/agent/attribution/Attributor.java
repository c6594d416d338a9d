package io.jouleflow.agent.attribution;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.WorkloadTable;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the machine's CPU-side energy over the workloads on the sampler's ticks: every {@code
 * ticks}-th sampler row wakes its thread, which reads the workloads' CPU time, takes what each
 * energy series gained since the previous interval, and appends one row of cumulative joules per
 * workload series (plus {@code other} and idle) to the {@link WorkloadTable}, stamped with the
 * sampler row's time. The first reading is the baseline: a row of zeros for the workloads there, so
 * that every series starts at 0.
 *
 * <p>The sampler thread only hands over the row's sequence: the cgroup reads (hundreds of files)
 * happen here, so a slow cgroup filesystem delays this thread's rows, never the sampler's. A read
 * that fails skips the interval (its energy is split with the next), counted and logged at most
 * once a minute.
 */
public final class Attributor {

  private static final Logger log = LoggerFactory.getLogger(Attributor.class);
  private static final long IDLE_PARK_NANOS = Duration.ofSeconds(1).toNanos();

  private final SampleRing rows;
  private final EnergyColumns energy;
  private final CpuReadings cpu;
  private final int cpus;
  private final AttributionSettings settings;
  private final WorkloadTable table;
  private final WorkloadLedger ledger;
  private final Clock clock;
  private final String hierarchy;
  private final LogLimiter warnings;
  private final RowBatch batch = new RowBatch();
  private final double[] gained;
  private final AtomicLong intervals = new AtomicLong();
  private final AtomicLong failedReads = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long wanted = -1;
  private long handled = -1;
  private boolean started;

  Attributor(
      Feed feed,
      CpuReadings cpu,
      int cpus,
      String hierarchy,
      AttributionSettings settings,
      WorkloadTable table,
      Clock clock) {
    if (cpus < 1) {
      throw new IllegalArgumentException("attribution needs at least one CPU, got " + cpus);
    }
    this.rows = feed.rows();
    this.energy = EnergyColumns.of(feed.columns());
    this.cpu = cpu;
    this.cpus = cpus;
    this.hierarchy = hierarchy;
    this.settings = settings;
    this.table = table;
    this.ledger = new WorkloadLedger(table, energy.series(), settings.maxWorkloads());
    this.clock = clock;
    this.warnings = LogLimiter.oncePerMinute(clock);
    this.gained = new double[energy.count()];
    this.thread = Threads.daemon("jouleflow-attribution", this::run);
  }

  /**
   * An attributor of the CPU-side energy series of {@code feed} (the sampler's) over the workloads
   * of {@code cgroups}, into {@code table} (sized by {@link WorkloadTableSize}); it closes {@code
   * cgroups}. Call {@link #listenTo} and {@link #start} to run it.
   */
  public static Attributor of(
      Feed feed,
      CgroupCpu cgroups,
      AttributionSettings settings,
      WorkloadTable table,
      Clock clock) {
    return new Attributor(
        feed,
        CpuReadings.of(cgroups),
        cgroups.cpus(),
        cgroups.hierarchy().description(),
        settings,
        table,
        clock);
  }

  /** Whether {@code columns} hold any energy series attribution splits. */
  public static boolean splits(List<Series> columns) {
    return columns.stream().anyMatch(EnergyColumns::isCpuEnergy);
  }

  /** Wakes this attributor every {@code ticks}-th row of {@code sampler}; before it starts. */
  public void listenTo(Sampler sampler) {
    sampler.onTicks(settings.ticks(), this::wake);
  }

  /** Starts the thread. */
  public void start() {
    thread.start();
  }

  /** The table the rows go to. */
  public WorkloadTable table() {
    return table;
  }

  /** For people: how often and from which hierarchy. */
  public String description() {
    return "energy per workload every "
        + settings.interval().toMillis() / 1e3
        + " s ("
        + hierarchy
        + ", at most "
        + settings.maxWorkloads()
        + " workloads)";
  }

  /** The self-metrics as they are now. */
  public List<SelfMetric> metrics() {
    return AttributionMetrics.of(
        ledger.workloads(), ledger.folded(), intervals.get(), failedReads.get() + cpu.readErrors());
  }

  /**
   * Stops the thread, waiting at most {@code timeout} for an interval in progress, and closes the
   * cgroup reader.
   *
   * @return whether the thread has stopped
   */
  public boolean close(Duration timeout) {
    running = false;
    boolean stopped = true;
    if (thread.getState() != Thread.State.NEW) {
      LockSupport.unpark(thread);
      stopped = Threads.join(thread, timeout);
    }
    if (stopped) {
      cpu.close();
    } else {
      log.warn("the attribution thread did not stop within {}; a cgroup read may hang", timeout);
    }
    return stopped;
  }

  /**
   * Splits the interval that ends with the sampler's newest row now, from the calling thread (the
   * attribution thread, or a test instead of it).
   *
   * @return whether an interval was split (not for the baseline, which appends a row of zeros, nor
   *     for a failed read)
   */
  boolean attributeNow() {
    CpuDeltas deltas;
    try {
      deltas = cpu.read();
    } catch (RuntimeException e) {
      failedReads.incrementAndGet();
      long heldBack = warnings.allow();
      if (heldBack != LogLimiter.HELD_BACK) {
        log.warn(
            "reading the workloads' CPU time failed; this interval's energy is split with the"
                + " next (counted in jouleflow_attribution_read_errors_total){}",
            LogLimiter.heldBackNote(heldBack),
            e);
      }
      return false;
    }
    rows.copyLatest(1, batch);
    if (batch.size() == 0) {
      return false;
    }
    if (!started || deltas.elapsedNanos() <= 0) {
      started = true;
      energy.baseline(batch, 0);
      ledger.start(deltas, batch.timestampMillis(0));
      return false;
    }
    energy.gained(batch, 0, gained);
    ledger.split(deltas, gained, cpus, batch.timestampMillis(0));
    intervals.incrementAndGet();
    return true;
  }

  /** The ledger, for tests. */
  WorkloadLedger ledger() {
    return ledger;
  }

  /** Hands the attribution thread the sequence of the sampler row that ends an interval. */
  void wake(long rowSequence) {
    wanted = rowSequence;
    LockSupport.unpark(thread);
  }

  private void run() {
    while (running) {
      long sequence = wanted;
      if (sequence == handled) {
        clock.park(IDLE_PARK_NANOS);
        continue;
      }
      handled = sequence;
      try {
        attributeNow();
      } catch (RuntimeException e) {
        if (warnings.allows(Thread.class)) {
          log.warn("splitting an interval's energy failed (logged at most once a minute)", e);
        }
      }
    }
  }
}

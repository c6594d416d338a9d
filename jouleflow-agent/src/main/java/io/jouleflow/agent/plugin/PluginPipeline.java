package io.jouleflow.agent.plugin;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.config.PluginSettings;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.Backoff;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs free-running plugins into the record ring. Per plugin: a collector thread ({@code
 * jouleflow-collect-<name>}) → its raw queue ({@code RAW_QUEUE_SIZE}) → a processor thread ({@code
 * jouleflow-process-<name>}); then one processed queue shared by all plugins ({@code
 * PROC_QUEUE_SIZE}) → the feeder thread ({@code jouleflow-feeder}), the ring's single writer, which
 * validates every record. Full queues drop their oldest records; every dropped or rejected record
 * is counted by plugin and reason ({@link #stats()}). A plugin that throws or returns unasked is
 * restarted with backoff (1 s doubling to 60 s, back to 1 s after a run of a minute); one that
 * hangs holds up only its own stages. No thread here shares a lock with the sampler.
 */
public final class PluginPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginPipeline.class);

  private final List<CollectorStage> collectors = new ArrayList<>();
  private final List<ProcessorStage> processors = new ArrayList<>();
  private final List<RecordQueue> rawQueues = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final RecordQueue processed;
  private final Feeder feeder;
  private final PipelineStats stats;
  private final SeriesRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Clock clock;

  /**
   * A pipeline of {@code plugins} into {@code ring}, naming series in {@code registry}; call {@link
   * #start()} to run it. The pipeline owns the plugins' collectors from here on and closes them.
   *
   * @param scheduledSources the {@code source} labels of the scheduled sensors' series, which no
   *     plugin may write (the built-in sensors' are reserved in any case)
   * @param stats where to count
   * @param clock times restarts, warnings and the shutdown
   */
  public PluginPipeline(
      List<CollectorPlugin> plugins,
      PluginSettings settings,
      RecordRing ring,
      SeriesRegistry registry,
      Set<String> scheduledSources,
      PipelineStats stats,
      Clock clock) {
    this(plugins, settings, ring, registry, scheduledSources, stats, clock, CollectorStage.BACKOFF);
  }

  PluginPipeline(
      List<CollectorPlugin> plugins,
      PluginSettings settings,
      RecordRing ring,
      SeriesRegistry registry,
      Set<String> scheduledSources,
      PipelineStats stats,
      Clock clock,
      Backoff backoff) {
    this.stats = stats;
    this.clock = clock;
    this.registry = registry;
    this.processed = new RecordQueue(settings.procQueueSize());
    List<PluginCounters> counters = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CollectorPlugin plugin : plugins) {
      if (!seen.add(plugin.name())) {
        throw new IllegalArgumentException("two plugins named '" + plugin.name() + "'");
      }
      counters.add(stats.counters(plugin.name()));
      names.add(plugin.name());
    }
    for (int i = 0; i < plugins.size(); i++) {
      RecordQueue raw = new RecordQueue(settings.rawQueueSize());
      rawQueues.add(raw);
      collectors.add(new CollectorStage(plugins.get(i), counters.get(i), raw, clock, backoff));
      processors.add(new ProcessorStage(plugins.get(i), i, raw, processed, counters, clock));
    }
    RecordValidator validator =
        new RecordValidator(
            registry,
            ring,
            settings.metricDefault(),
            settings.serviceLabel(),
            scheduledSources,
            LogLimiter.oncePerMinute(clock));
    this.feeder = new Feeder(processed, names, counters, validator, clock);
  }

  /** Starts every thread. */
  public void start() {
    feeder.start();
    processors.forEach(ProcessorStage::start);
    collectors.forEach(CollectorStage::start);
  }

  /** The plugins' names, in the order given. */
  public List<String> plugins() {
    return List.copyOf(names);
  }

  /** What the pipeline has done, by plugin. */
  public PipelineStats stats() {
    return stats;
  }

  /**
   * The pipeline's self-metrics, read now: {@code jouleflow_plugin_records{plugin,stage}} (stage
   * {@code collected}, {@code processed}, {@code stored}), {@code
   * jouleflow_plugin_records_dropped{plugin,reason}}, {@code jouleflow_plugin_restarts{plugin}}
   * (counters, named without {@code _total}), and the gauges {@code
   * jouleflow_plugin_raw_queue_records{plugin}}, {@code jouleflow_plugin_processed_queue_records}
   * and {@code jouleflow_plugin_series}.
   */
  public List<SelfMetric> metrics() {
    List<Integer> rawSizes = rawQueues.stream().map(RecordQueue::size).toList();
    return PipelineMetrics.families(stats, names, rawSizes, processed.size(), registry.size());
  }

  /**
   * Stops within about {@code timeout}: interrupts and closes the collectors (a quarter of the time
   * to finish), lets the processors work off their raw queues (up to three quarters, then
   * interrupts them), then the feeder store what is left. Threads of plugins that ignore all this
   * are left behind (they are daemons) and named in a warning.
   */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long start = clock.nanoTime();
    long total = timeout.toNanos();
    List<Thread> closers = new ArrayList<>();
    collectors.forEach(stage -> closers.add(stage.stop()));
    collectors.forEach(stage -> join(stage.thread(), start + total / 4));
    rawQueues.forEach(RecordQueue::close);
    processors.forEach(stage -> join(stage.thread(), start + total / 4 * 3));
    processors.forEach(stage -> stage.thread().interrupt());
    processed.close();
    join(feeder.thread(), start + total);
    closers.forEach(closer -> join(closer, start + total));
    warnAboutStragglers();
  }

  /** Stops within 2 s. */
  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  private void warnAboutStragglers() {
    List<String> alive = new ArrayList<>();
    collectors.forEach(stage -> addIfAlive(alive, stage.thread()));
    processors.forEach(stage -> addIfAlive(alive, stage.thread()));
    addIfAlive(alive, feeder.thread());
    if (!alive.isEmpty()) {
      log.warn("plugin threads {} did not stop in time; left behind as daemons", alive);
    }
  }

  private static void addIfAlive(List<String> alive, Thread thread) {
    if (thread.isAlive()) {
      alive.add(thread.getName());
    }
  }

  private void join(Thread thread, long deadlineNanos) {
    boolean unused = Threads.join(thread, Duration.ofNanos(deadlineNanos - clock.nanoTime()));
  }
}

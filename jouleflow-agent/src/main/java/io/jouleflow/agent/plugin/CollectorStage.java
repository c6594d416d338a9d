package io.jouleflow.agent.plugin;

import io.jouleflow.agent.runtime.Backoff;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one plugin's collector on its own thread, {@code jouleflow-collect-<name>}, feeding its raw
 * queue. A collector that throws, or returns without being asked to (an exec plugin's program that
 * exited), is logged (at most once a minute) and run again after a backoff: the agent's one restart
 * loop for plugins.
 */
final class CollectorStage {

  /** 1 s doubling to 60 s, exact: restarts of one plugin need no spreading out. */
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), null);

  /** A run this long was fine: the next failure waits the first delay again. */
  static final Duration RESET_AFTER = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(CollectorStage.class);

  private final CollectorPlugin plugin;
  private final PluginCounters counters;
  private final RecordQueue raw;
  private final Clock clock;
  private final Backoff backoff;
  private final LogLimiter warnings;
  private final Thread thread;
  private volatile boolean stopping;

  CollectorStage(
      CollectorPlugin plugin,
      PluginCounters counters,
      RecordQueue raw,
      Clock clock,
      Backoff backoff) {
    this.plugin = plugin;
    this.counters = counters;
    this.raw = raw;
    this.clock = clock;
    this.backoff = backoff;
    this.warnings = LogLimiter.oncePerMinute(clock);
    this.thread = Threads.daemon("jouleflow-collect-" + plugin.name(), this::run);
  }

  void start() {
    thread.start();
  }

  /**
   * Asks the collector to stop (interrupts its thread) and closes it on a thread of its own, which
   * it returns: {@link io.jouleflow.api.Collector#close()} may unblock a collector that ignores
   * interrupts, and a close that hangs must not hold up the agent's shutdown.
   */
  Thread stop() {
    stopping = true;
    thread.interrupt();
    Thread closer = Threads.daemon("jouleflow-close-" + plugin.name(), this::closeCollector);
    closer.start();
    return closer;
  }

  Thread thread() {
    return thread;
  }

  private void run() {
    RecordSink sink = this::emit;
    Backoff.Restarts restarts = backoff.restarts(RESET_AFTER);
    while (!stopped()) {
      long started = clock.nanoTime();
      Throwable crash = runOnce(sink);
      if (stopped()) {
        return;
      }
      Duration delay = restarts.next(Duration.ofNanos(clock.nanoTime() - started));
      warn(crash, delay);
      clock.parkUntil(clock.nanoTime() + delay.toNanos());
      if (stopped()) {
        return;
      }
      counters.restarted();
    }
  }

  /** Runs the collector once; what it threw, or null when it returned. */
  private @Nullable Throwable runOnce(RecordSink sink) {
    try {
      plugin.collector().run(sink);
      return null;
    } catch (Exception | LinkageError | StackOverflowError e) {
      return e;
    }
  }

  private void emit(@Nullable Record record) {
    if (record == null) {
      counters.dropped(DropReason.INVALID_METRIC);
      return;
    }
    counters.collected();
    if (raw.put(0, record) >= 0) {
      counters.dropped(DropReason.RAW_QUEUE_FULL);
    }
  }

  private boolean stopped() {
    return stopping || thread.isInterrupted();
  }

  private void warn(@Nullable Throwable crash, Duration wait) {
    if (!warnings.allows(plugin.name())) {
      return;
    }
    String delay = wait.toString().substring(2).toLowerCase(Locale.ROOT);
    if (crash == null && plugin.collector() instanceof RunOutcome outcome) {
      log.warn(
          "plugin '{}': {}; restarting it in {} (logged at most once a minute)",
          plugin.name(),
          outcome.lastOutcome(),
          delay);
    } else if (crash == null) {
      log.warn(
          "plugin '{}' stopped collecting on its own; restarting it in {} (logged at most once a"
              + " minute)",
          plugin.name(),
          delay);
    } else {
      log.warn(
          "plugin '{}' crashed; restarting it in {} (logged at most once a minute)",
          plugin.name(),
          delay,
          crash);
    }
  }

  private void closeCollector() {
    try {
      plugin.collector().close();
    } catch (RuntimeException | LinkageError e) {
      log.warn("plugin '{}' failed to close", plugin.name(), e);
    }
  }
}

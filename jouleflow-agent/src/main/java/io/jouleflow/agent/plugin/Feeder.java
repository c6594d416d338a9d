package io.jouleflow.agent.plugin;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import io.jouleflow.api.Record;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record ring's single writer, on thread {@code jouleflow-feeder}: takes every plugin's
 * processed records, validates each ({@link RecordValidator}) and appends the valid ones.
 */
final class Feeder {

  private static final Logger log = LoggerFactory.getLogger(Feeder.class);

  private final RecordQueue processed;
  private final List<String> plugins;
  private final List<PluginCounters> counters;
  private final RecordValidator validator;
  private final Clock clock;
  private final LogLimiter warnings;
  private final Thread thread;

  Feeder(
      RecordQueue processed,
      List<String> plugins,
      List<PluginCounters> counters,
      RecordValidator validator,
      Clock clock) {
    this.processed = processed;
    this.plugins = List.copyOf(plugins);
    this.counters = List.copyOf(counters);
    this.validator = validator;
    this.clock = clock;
    this.warnings = LogLimiter.oncePerMinute(clock);
    this.thread = Threads.daemon("jouleflow-feeder", this::run);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  private void run() {
    try {
      while (processed.drain(this::feed)) {
        // fed one batch
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void feed(int owner, Record record) {
    PluginCounters plugin = counters.get(owner);
    try {
      if (validator.store(record, plugins.get(owner), clock.wallMillis(), plugin) >= 0) {
        plugin.stored();
      }
    } catch (RuntimeException e) {
      plugin.dropped(DropReason.INVALID_METRIC);
      if (warnings.allow() != LogLimiter.HELD_BACK) {
        log.error("a plugin record could not be stored (logged at most once a minute)", e);
      }
    }
  }
}

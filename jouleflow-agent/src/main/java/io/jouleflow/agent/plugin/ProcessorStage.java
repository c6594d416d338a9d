package io.jouleflow.agent.plugin;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import io.jouleflow.api.Processor;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one plugin's processor on its own thread, {@code jouleflow-process-<name>}: takes raw
 * records from the plugin's raw queue and puts what the processor emits on the shared processed
 * queue. A record the processor throws on is counted ({@code processor_error}) and logged at most
 * once a minute; processing goes on. A processor that hangs holds up only its own raw queue, which
 * then drops its oldest records.
 */
final class ProcessorStage {

  private static final Logger log = LoggerFactory.getLogger(ProcessorStage.class);

  private final String name;
  private final int owner;
  private final Processor processor;
  private final RecordQueue raw;
  private final RecordQueue processed;
  private final List<PluginCounters> counters;
  private final LogLimiter warnings;
  private final RecordSink sink = this::emit;
  private final Thread thread;

  /**
   * A stage for plugin number {@code owner}, whose counters are {@code counters.get(owner)};
   * records of other plugins dropped from the processed queue are counted to their owners.
   */
  ProcessorStage(
      CollectorPlugin plugin,
      int owner,
      RecordQueue raw,
      RecordQueue processed,
      List<PluginCounters> counters,
      Clock clock) {
    this.name = plugin.name();
    this.owner = owner;
    this.processor = plugin.processor();
    this.raw = raw;
    this.processed = processed;
    this.counters = List.copyOf(counters);
    this.warnings = LogLimiter.oncePerMinute(clock);
    this.thread = Threads.daemon("jouleflow-process-" + name, this::run);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  private void run() {
    try {
      while (raw.drain(this::process)) {
        // drained one batch
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void process(int unused, Record record) {
    try {
      processor.process(record, sink);
    } catch (InterruptedException e) {
      counters.get(owner).dropped(DropReason.PROCESSOR_ERROR);
      Thread.currentThread().interrupt();
    } catch (Exception | LinkageError | StackOverflowError e) {
      counters.get(owner).dropped(DropReason.PROCESSOR_ERROR);
      if (warnings.allows(name)) {
        log.warn(
            "plugin '{}': its processor failed on a record, which is dropped (logged at most once"
                + " a minute)",
            name,
            e);
      }
    }
  }

  private void emit(@Nullable Record record) {
    PluginCounters mine = counters.get(owner);
    if (record == null) {
      mine.dropped(DropReason.INVALID_METRIC);
      return;
    }
    mine.processed();
    int dropped = processed.put(owner, record);
    if (dropped >= 0) {
      counters.get(dropped).dropped(DropReason.PROC_QUEUE_FULL);
    }
  }
}

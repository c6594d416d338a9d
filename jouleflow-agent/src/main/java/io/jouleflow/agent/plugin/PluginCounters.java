package io.jouleflow.agent.plugin;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** One plugin's counts; updated by its own and the shared stages' threads. */
final class PluginCounters {

  private final LongAdder collected = new LongAdder();
  private final LongAdder processed = new LongAdder();
  private final LongAdder stored = new LongAdder();
  private final LongAdder restarts = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final ConcurrentHashMap<String, LongAdder> otherReasons = new ConcurrentHashMap<>();

  PluginCounters() {
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  void collected() {
    collected.increment();
  }

  void processed() {
    processed.increment();
  }

  void stored() {
    stored.increment();
  }

  void restarted() {
    restarts.increment();
  }

  void dropped(DropReason reason) {
    adder(reason).increment();
  }

  void dropped(String reason) {
    for (DropReason known : DropReason.values()) {
      if (known.label().equals(reason)) {
        dropped(known);
        return;
      }
    }
    otherReasons.computeIfAbsent(reason, unused -> new LongAdder()).increment();
  }

  long collectedCount() {
    return collected.sum();
  }

  long processedCount() {
    return processed.sum();
  }

  long storedCount() {
    return stored.sum();
  }

  long restartCount() {
    return restarts.sum();
  }

  /** Every reason with its count: the built-in ones always (zero or not), then others seen. */
  Map<String, Long> droppedByReason() {
    Map<String, Long> all = new TreeMap<>();
    for (DropReason reason : DropReason.values()) {
      all.put(reason.label(), adder(reason).sum());
    }
    otherReasons.forEach((reason, count) -> all.put(reason, count.sum()));
    return all;
  }

  private LongAdder adder(DropReason reason) {
    return Objects.requireNonNull(dropped.get(reason));
  }
}

package io.jouleflow.agent.sensor;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs the energy counters that stepped back without wrapping (see {@link
 * WrappingCounter}), per series, for {@code jouleflow_counter_resets_total{source,domain,device}}.
 * The built-in sensors are created by {@link java.util.ServiceLoader} without arguments, so they
 * report to {@link #SHARED}; tests pass their own. Keys are the sensors' series, a fixed set.
 * Thread-safe.
 */
public final class CounterResets {

  /** The agent's one instance, read by its self-metrics. */
  public static final CounterResets SHARED = new CounterResets(Clock.SYSTEM);

  private static final Logger log = LoggerFactory.getLogger(CounterResets.class);

  private final Map<String, Entry> bySeries = new ConcurrentSkipListMap<>();
  private final LogLimiter warnings;

  /** Resets whose log lines are limited by {@code clock}: once a minute per series. */
  public CounterResets(Clock clock) {
    this.warnings = LogLimiter.oncePerMinute(clock);
  }

  /** Lists {@code series} with 0 resets, so that the family shows it from the start. */
  public void register(Series series) {
    entry(series);
  }

  /**
   * Counts a reset of {@code series} and logs it (once a minute per series).
   *
   * @param where the file or register read, for the log line
   * @param previous the reading before, in the counter's units
   * @param current the reading that stepped back
   * @param unit the counter's unit, e.g. {@code µJ}
   */
  public void reset(Series series, String where, long previous, long current, String unit) {
    Entry entry = entry(series);
    entry.count.incrementAndGet();
    long heldBack = warnings.allow(entry.name);
    if (heldBack != LogLimiter.HELD_BACK) {
      log.warn(
          "{}: counter reset: {} stepped back from {} to {} {}, more than a wrap could explain;"
              + " no energy added, counting on from the new value{}",
          entry.name,
          where,
          Long.toUnsignedString(previous),
          Long.toUnsignedString(current),
          unit,
          LogLimiter.heldBackNote(heldBack));
    }
  }

  /** The resets counted for {@code series}. */
  public long count(Series series) {
    Entry entry = bySeries.get(nameOf(series));
    return entry == null ? 0 : entry.count.get();
  }

  /** {@code jouleflow_counter_resets{source,domain,device}}; none before a series registers. */
  public List<SelfMetric> metrics() {
    if (bySeries.isEmpty()) {
      return List.of();
    }
    List<SelfMetric.Point> points = new ArrayList<>();
    for (Entry entry : bySeries.values()) {
      points.add(new SelfMetric.Point(entry.labels, entry.count.get()));
    }
    return List.of(
        SelfMetric.counter(
            "jouleflow_counter_resets",
            "Energy counters that stepped back without wrapping; no energy was added.",
            points));
  }

  private Entry entry(Series series) {
    return bySeries.computeIfAbsent(nameOf(series), name -> new Entry(name, labelsOf(series)));
  }

  /** {@code rapl package 0}: the series as the log names it. */
  private static String nameOf(Series series) {
    Map<String, String> labels = series.labels();
    return String.join(
        " ",
        labels.getOrDefault("source", ""),
        labels.getOrDefault("domain", ""),
        labels.getOrDefault("device", ""));
  }

  private static List<String> labelsOf(Series series) {
    Map<String, String> labels = series.labels();
    List<String> pairs = new ArrayList<>();
    for (String name : List.of("source", "domain", "device")) {
      pairs.add(name);
      pairs.add(labels.getOrDefault(name, ""));
    }
    return pairs;
  }

  private static final class Entry {
    final String name;
    final List<String> labels;
    final AtomicLong count = new AtomicLong();

    Entry(String name, List<String> labels) {
      this.name = name;
      this.labels = labels;
    }
  }
}

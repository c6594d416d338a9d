package io.jouleflow.agent.plugin;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.api.Record;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a processed record into the record ring under its series id, or rejects it, by reason: an
 * invalid metric name (an empty one means {@code METRIC_DEFAULT}, and then the record gets {@code
 * source=SERVICE_LABEL} unless it has a source), an invalid or reserved ({@code __}) label name or
 * an empty label value, a timestamp before 2000 or more than 10 minutes ahead, a new series beyond
 * {@code MAX_SERIES}, and a timestamp not after the last one stored for the same series (the ring
 * refuses it: see {@link RecordRing} for what every exporter may rely on). Every value is accepted:
 * NaN and infinities are valid Prometheus values. Used by the feeder thread only.
 *
 * <p>Plugins cannot forge the agent's series: the {@code jouleflow_} namespace is the agent's
 * ({@code jouleflow_energy_joules_total} is open to a plugin under its own name as {@code source},
 * which no scheduled sensor's series may carry: not another plugin's, not a built-in or plugin
 * jar's scheduled sensor's), and each family has one name and so one type ({@code x} and {@code
 * x_total} cannot both exist). These rejections are logged once a minute per reason.
 */
final class RecordValidator {

  /** 2000-01-01T00:00:00Z: earlier timestamps are taken for a unit mistake. */
  static final long EARLIEST_MILLIS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  /** How far ahead of the agent's clock a timestamp may be. */
  static final long MAX_AHEAD_MILLIS = Duration.ofMinutes(10).toMillis();

  /** The {@code source} of the built-in sensors' series: reserved whether they run or not. */
  static final Set<String> BUILT_IN_SOURCES = Set.of("rapl", "msr", "nvml", "model");

  private static final String RESERVED_PREFIX = "jouleflow_";
  private static final String COUNTER_SUFFIX = "_total";
  private static final Logger log = LoggerFactory.getLogger(RecordValidator.class);

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final SeriesRegistry registry;
  private final RecordRing ring;
  private final String metricDefault;
  private final String serviceLabel;
  private final LogLimiter warnings;
  private final Set<String> reservedSources;
  private final Map<Key, Integer> ids = new HashMap<>();
  private final Map<String, String> metricOfFamily = new HashMap<>();

  RecordValidator(
      SeriesRegistry registry,
      RecordRing ring,
      String metricDefault,
      String serviceLabel,
      Set<String> scheduledSources,
      LogLimiter warnings) {
    this.registry = registry;
    this.ring = ring;
    this.metricDefault = metricDefault;
    this.serviceLabel = serviceLabel;
    this.warnings = warnings;
    Set<String> reserved = new HashSet<>(BUILT_IN_SOURCES);
    reserved.addAll(scheduledSources);
    this.reservedSources = Set.copyOf(reserved);
    metricOfFamily.put(familyOf(Series.ENERGY_METRIC), Series.ENERGY_METRIC);
  }

  /**
   * Stores {@code record} of plugin {@code plugin} in the ring and returns its series id; or
   * returns -1 after counting to {@code counters} why it is rejected.
   */
  int store(Record record, String plugin, long nowMillis, PluginCounters counters) {
    long timestamp = record.timestampMillis();
    if (timestamp < EARLIEST_MILLIS || timestamp > nowMillis + MAX_AHEAD_MILLIS) {
      counters.dropped(DropReason.INVALID_TIMESTAMP);
      return -1;
    }
    int id = seriesId(record, plugin, counters);
    if (id < 0) {
      return -1;
    }
    if (!ring.append(id, timestamp, record.value())) {
      counters.dropped(DropReason.OUT_OF_ORDER);
      return -1;
    }
    return id;
  }

  private int seriesId(Record record, String plugin, PluginCounters counters) {
    @Nullable String metric = record.metric();
    if (metric == null) {
      counters.dropped(DropReason.INVALID_METRIC);
      return -1;
    }
    Key key = new Key(plugin, metric, record.labels());
    Integer known = ids.get(key);
    if (known != null) {
      return known;
    }
    int id = register(plugin, metric, record.labels(), counters);
    if (id >= 0) {
      ids.put(key, id);
    }
    return id;
  }

  private int register(
      String plugin, String metric, Map<String, String> labels, PluginCounters counters) {
    if (metric.isEmpty()) {
      metric = metricDefault;
      if (!labels.containsKey("source")) {
        labels = new HashMap<>(labels);
        labels.put("source", serviceLabel);
      }
    }
    if (!METRIC_NAME.matcher(metric).matches()) {
      counters.dropped(DropReason.INVALID_METRIC);
      return -1;
    }
    if (!validLabels(labels)) {
      counters.dropped(DropReason.INVALID_LABEL);
      return -1;
    }
    DropReason forged = forgery(plugin, metric, labels);
    if (forged != null) {
      counters.dropped(forged);
      warn(forged, plugin, metric, labels);
      return -1;
    }
    int id = registry.idOf(Series.of(metric, labels));
    if (id == SeriesRegistry.FULL) {
      counters.dropped(DropReason.TOO_MANY_SERIES);
    } else {
      metricOfFamily.putIfAbsent(familyOf(metric), metric);
    }
    return id;
  }

  /** Why a new series of {@code metric} would forge or clash with another family; else null. */
  private @Nullable DropReason forgery(String plugin, String metric, Map<String, String> labels) {
    if (metric.equals(Series.ENERGY_METRIC)) {
      String source = labels.get("source");
      return plugin.equals(source) && !reservedSources.contains(source)
          ? null
          : DropReason.RESERVED_SERIES;
    }
    if (metric.startsWith(RESERVED_PREFIX)) {
      return DropReason.RESERVED_METRIC;
    }
    String holder = metricOfFamily.get(familyOf(metric));
    return holder == null || holder.equals(metric) ? null : DropReason.FAMILY_CONFLICT;
  }

  private void warn(DropReason reason, String plugin, String metric, Map<String, String> labels) {
    long heldBack = warnings.allow(reason);
    if (heldBack == LogLimiter.HELD_BACK) {
      return;
    }
    String why =
        switch (reason) {
          case RESERVED_SERIES -> sourceProblem(plugin, labels.get("source"));
          case RESERVED_METRIC -> "the jouleflow_ namespace is the agent's";
          default ->
              "family '"
                  + familyOf(metric)
                  + "' is held by "
                  + metricOfFamily.get(familyOf(metric));
        };
    log.warn(
        "a plugin record named {} was rejected ({}): {}; counted in"
            + " jouleflow_plugin_records_dropped_total, logged at most once a minute{}",
        metric,
        reason.label(),
        why,
        LogLimiter.heldBackNote(heldBack));
  }

  /** Why a plugin's energy record under {@code source} is refused. */
  private String sourceProblem(String plugin, @Nullable String source) {
    if (source != null && reservedSources.contains(source)) {
      return "its source '" + source + "' is a scheduled sensor's";
    }
    return "its source "
        + (source == null ? "is missing" : "'" + source + "'")
        + "; plugin '"
        + plugin
        + "' may report energy only under source '"
        + plugin
        + "'";
  }

  /** The OpenMetrics family of sample name {@code metric}: without {@code _total}. */
  private static String familyOf(String metric) {
    return metric.endsWith(COUNTER_SUFFIX)
        ? metric.substring(0, metric.length() - COUNTER_SUFFIX.length())
        : metric;
  }

  private static boolean validLabels(Map<String, String> labels) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey();
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        return false;
      }
      if (label.getValue().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * A record's series as the plugin wrote it, for the cache of known ids: by plugin, since whether
   * a series is open to a plugin depends on the plugin.
   */
  private record Key(String plugin, String metric, Map<String, String> labels) {}
}

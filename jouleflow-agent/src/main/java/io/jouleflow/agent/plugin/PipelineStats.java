package io.jouleflow.agent.plugin;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * What the plugin pipeline did, per plugin: records collected (entered the raw queue), processed
 * (left the processor), stored (appended to the record ring), dropped by reason, and restarts of
 * the collector. Counters only grow. Thread-safe.
 *
 * <p>Stages outside the pipeline (an exec plugin's JSON reader) count their own rejections here
 * with {@link #rejected}, so that every lost record shows in one place.
 */
public final class PipelineStats {

  private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]*");

  private static final PluginCounters NONE = new PluginCounters();

  private final ConcurrentSkipListMap<String, PluginCounters> plugins =
      new ConcurrentSkipListMap<>();

  /** Empty statistics. */
  public PipelineStats() {}

  /** The plugins counted so far, sorted by name. */
  public NavigableSet<String> plugins() {
    return plugins.keySet();
  }

  /**
   * Counts one record of {@code plugin} rejected for {@code reason}, e.g. {@code duplicate_label}
   * or {@code invalid_line}; a built-in reason's label ({@link DropReason#label()}) adds to that
   * reason.
   *
   * @throws IllegalArgumentException if the reason is not {@code [a-z][a-z0-9_]*}
   */
  public void rejected(String plugin, String reason) {
    if (!REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException("a reason is [a-z][a-z0-9_]*: '" + reason + "'");
    }
    counters(plugin).dropped(reason);
  }

  /** Records the plugin's collector emitted. */
  public long collected(String plugin) {
    return read(plugin).collectedCount();
  }

  /** Records the plugin's processor emitted. */
  public long processed(String plugin) {
    return read(plugin).processedCount();
  }

  /** Records of the plugin appended to the record ring. */
  public long stored(String plugin) {
    return read(plugin).storedCount();
  }

  /** Times the plugin's collector was restarted after a crash or an unasked return. */
  public long restarts(String plugin) {
    return read(plugin).restartCount();
  }

  /** Records of the plugin dropped for {@code reason}. */
  public long dropped(String plugin, DropReason reason) {
    return dropped(plugin).getOrDefault(reason.label(), 0L);
  }

  /**
   * Records of the plugin dropped, by reason label: every {@link DropReason} (zero or not) and any
   * reason counted with {@link #rejected}.
   */
  public Map<String, Long> dropped(String plugin) {
    return read(plugin).droppedByReason();
  }

  PluginCounters counters(String plugin) {
    return plugins.computeIfAbsent(plugin, unused -> new PluginCounters());
  }

  private PluginCounters read(String plugin) {
    return plugins.getOrDefault(plugin, NONE);
  }
}

package io.jouleflow.agent.buffer;

import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives each series of plugin records a small integer id, up to a limit on how many distinct series
 * the agent keeps (a plugin inventing label values must not exhaust memory). Ids are never reused.
 * Safe for concurrent use.
 */
public final class SeriesRegistry {

  /** Returned by {@link #idOf} when the registry is full. */
  public static final int FULL = -1;

  private final int limit;
  private final ConcurrentHashMap<Series, Integer> ids = new ConcurrentHashMap<>();
  private final List<Series> byId = new ArrayList<>();
  private volatile Series[] snapshot = new Series[0];

  /** A registry of at most {@code limit} series. */
  public SeriesRegistry(int limit) {
    this.limit = limit;
  }

  /** The id of {@code series}, registering it when new; {@link #FULL} when at the limit. */
  public int idOf(Series series) {
    Integer id = ids.get(series);
    return id != null ? id : register(series);
  }

  /** The series with id {@code id}. */
  public Series series(int id) {
    return snapshot[id];
  }

  /** How many series are registered. */
  public int size() {
    return snapshot.length;
  }

  private synchronized int register(Series series) {
    Integer existing = ids.get(series);
    if (existing != null) {
      return existing;
    }
    if (byId.size() >= limit) {
      return FULL;
    }
    int id = byId.size();
    byId.add(series);
    snapshot = byId.toArray(new Series[0]);
    ids.put(series, id);
    return id;
  }
}

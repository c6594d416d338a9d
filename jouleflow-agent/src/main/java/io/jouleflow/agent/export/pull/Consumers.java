package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrapers seen recently, by name, at most {@code MAX_CONSUMERS} of them: a new one beyond the
 * limit evicts the least recently seen (counted, and logged at most once a minute), and one unseen
 * for longer than the time to live is forgotten. So however many names or source addresses clients
 * use, the endpoint keeps a bounded number of cursors. An evicted scraper that comes back starts
 * again at the oldest buffered entry: it may see samples twice, it misses none the buffer holds.
 */
final class Consumers {

  private static final Logger log = LoggerFactory.getLogger(Consumers.class);

  private final Feed feed;
  private final int max;
  private final long ttlNanos;
  private final Clock clock;
  private final LogLimiter warnings;
  private final AtomicLong evicted = new AtomicLong();
  // in access order: the eldest entry is the least recently seen consumer
  private final LinkedHashMap<String, Consumer> byName = new LinkedHashMap<>(16, 0.75f, true);

  Consumers(Feed feed, int max, Duration ttl, Clock clock) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    this.feed = feed;
    this.max = max;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
    this.warnings = LogLimiter.oncePerMinute(clock);
  }

  /**
   * The consumer named {@code name}, marked as seen; when new, created at the oldest buffered row,
   * evicting the least recently seen consumer when there are already {@code max}.
   */
  Consumer get(String name) {
    long now = clock.nanoTime();
    Consumer evictee = null;
    Consumer consumer;
    synchronized (byName) {
      forgetExpired(now);
      consumer = byName.get(name);
      if (consumer == null) {
        if (byName.size() >= max) {
          Iterator<Consumer> eldest = byName.values().iterator();
          evictee = eldest.next();
          eldest.remove();
        }
        consumer = new Consumer(name, feed, now);
        byName.put(name, consumer);
      }
    }
    if (evictee != null) {
      evicted.incrementAndGet();
      logEviction(evictee, name, now);
    }
    return consumer;
  }

  /** The current consumers, by name. */
  List<Consumer> all() {
    List<Consumer> all;
    synchronized (byName) {
      all = new ArrayList<>(byName.values());
    }
    all.sort(Comparator.comparing(consumer -> consumer.name));
    return all;
  }

  /** Consumers evicted because {@code max} others were seen more recently. */
  long evicted() {
    return evicted.get();
  }

  long nanoTime() {
    return clock.nanoTime();
  }

  private void forgetExpired(long now) {
    Iterator<Consumer> eldestFirst = byName.values().iterator();
    while (eldestFirst.hasNext()) {
      if (now - eldestFirst.next().lastSeenNanos() <= ttlNanos) {
        return;
      }
      eldestFirst.remove();
    }
  }

  private void logEviction(Consumer evictee, String newcomer, long now) {
    long heldBack = warnings.allow("evicted");
    if (heldBack == LogLimiter.HELD_BACK) {
      return;
    }
    log.warn(
        "/metrics: forgot consumer '{}' (last seen {} s ago) for new consumer '{}': at most"
            + " MAX_CONSUMERS={} are tracked{}; if '{}' is a real scraper it may read samples twice:"
            + " raise MAX_CONSUMERS, or keep untrusted clients from /metrics",
        evictee.name,
        (now - evictee.lastSeenNanos()) / 1_000_000_000L,
        newcomer,
        max,
        heldBack > 0 ? " (" + heldBack + " more evictions since the last such line)" : "",
        evictee.name);
  }
}

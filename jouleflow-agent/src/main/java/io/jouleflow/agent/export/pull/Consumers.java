package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.runtime.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scrapers seen recently, by name; one unseen for longer than the time to live is forgotten.
 */
final class Consumers {

  private final Feed feed;
  private final long ttlNanos;
  private final Clock clock;
  private final ConcurrentHashMap<String, Consumer> byName = new ConcurrentHashMap<>();

  Consumers(Feed feed, Duration ttl, Clock clock) {
    this.feed = feed;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /** The consumer named {@code name}, created at the oldest buffered row when new. */
  Consumer get(String name) {
    long now = clock.nanoTime();
    byName.values().removeIf(consumer -> now - consumer.lastSeenNanos() > ttlNanos);
    return byName.computeIfAbsent(name, key -> new Consumer(key, feed, now));
  }

  /** The current consumers, by name. */
  List<Consumer> all() {
    return byName.values().stream()
        .sorted(Comparator.comparing(consumer -> consumer.name))
        .toList();
  }

  long nanoTime() {
    return clock.nanoTime();
  }
}

package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.Feed;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The scrapers seen recently, by name; one unseen for longer than the time to live is forgotten.
 */
final class Consumers {

  private final Feed feed;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Consumer> byName = new ConcurrentHashMap<>();

  Consumers(Feed feed, Duration ttl, LongSupplier nanoClock) {
    this.feed = feed;
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The consumer named {@code name}, created at the oldest buffered row when new. */
  Consumer get(String name) {
    long now = nanoClock.getAsLong();
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
    return nanoClock.getAsLong();
  }
}

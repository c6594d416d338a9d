package io.jouleflow.agent.web;

import io.jouleflow.agent.runtime.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The open connections, at most {@link WebLimits#maxConnections()}: a new connection beyond the cap
 * closes one that waits for a request (one that never completed a request first, then the one that
 * has waited longest), or is refused when every connection is being answered. Deadlines are
 * enforced here, by closing the socket of a connection that passed its own.
 */
final class Connections {

  private final int max;
  private final WebStats stats;
  private final Clock clock;
  private final Set<Connection> open = new LinkedHashSet<>();

  Connections(int max, WebStats stats, Clock clock) {
    this.max = max;
    this.stats = stats;
    this.clock = clock;
  }

  /** Adds {@code connection}, making room if needed; false when it must be refused. */
  boolean admit(Connection connection) {
    Connection evicted;
    synchronized (open) {
      evicted = open.size() < max ? null : longestWaiting();
      if (open.size() >= max && evicted == null) {
        stats.closed(WebStats.Closed.REFUSED);
        return false;
      }
      if (evicted != null) {
        open.remove(evicted);
        stats.closed(WebStats.Closed.EVICTED);
      }
      open.add(connection);
      stats.open.set(open.size());
    }
    if (evicted != null) {
      evicted.abort();
    }
    return true;
  }

  void remove(Connection connection) {
    synchronized (open) {
      open.remove(connection);
      stats.open.set(open.size());
    }
  }

  /** Closes every connection past its deadline, counting why. */
  void reap() {
    long now = clock.nanoTime();
    List<Connection> late = new ArrayList<>();
    synchronized (open) {
      for (Connection connection : open) {
        if (now - connection.deadlineNanos() >= 0) {
          late.add(connection);
        }
      }
      late.forEach(open::remove);
      stats.open.set(open.size());
    }
    for (Connection connection : late) {
      stats.closed(connection.timeoutReason());
      connection.abort();
    }
  }

  /** Closes them all. */
  void closeAll() {
    List<Connection> all;
    synchronized (open) {
      all = new ArrayList<>(open);
      open.clear();
      stats.open.set(0);
    }
    all.forEach(Connection::abort);
  }

  /**
   * The connection to close for a new one: of those waiting for a request, one that never completed
   * a request (a client that connects and sends little or nothing, as a flood does) before one that
   * did (a scraper between scrapes), the longest waiting first.
   */
  private @Nullable Connection longestWaiting() {
    Connection oldest = null;
    for (Connection connection : open) {
      if (connection.waiting() && (oldest == null || before(connection, oldest))) {
        oldest = connection;
      }
    }
    return oldest;
  }

  private static boolean before(Connection a, Connection b) {
    if (a.served() != b.served()) {
      return !a.served();
    }
    return a.waitingSince() - b.waitingSince() < 0;
  }
}

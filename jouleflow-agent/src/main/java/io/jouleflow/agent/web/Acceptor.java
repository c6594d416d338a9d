package io.jouleflow.agent.web;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes connections from the listener and hands each on. When accepting fails (too many open files,
 * say) it pauses, twice as long each time up to a second, instead of spinning; it counts each
 * failure and says so at most once a minute. Nothing thrown by a connection ends it.
 */
final class Acceptor implements Runnable {

  /** Where connections come from: the listener's {@code accept}. */
  interface Source {
    Socket accept() throws IOException;
  }

  static final Duration FIRST_PAUSE = Duration.ofMillis(10);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

  private final Source source;
  private final Consumer<Socket> next;
  private final BooleanSupplier closed;
  private final WebStats stats;
  private final Clock clock;
  private final LogLimiter warnings;
  private Duration pause = Duration.ZERO;

  Acceptor(
      Source source, Consumer<Socket> next, BooleanSupplier closed, WebStats stats, Clock clock) {
    this.source = source;
    this.next = next;
    this.closed = closed;
    this.stats = stats;
    this.clock = clock;
    this.warnings = LogLimiter.oncePerMinute(clock);
  }

  @Override
  public void run() {
    while (!closed.getAsBoolean()) {
      Socket socket;
      try {
        socket = source.accept();
        pause = Duration.ZERO;
      } catch (IOException e) {
        if (!closed.getAsBoolean()) {
          failed(e);
        }
        continue;
      }
      handOn(socket);
    }
  }

  private void handOn(Socket socket) {
    try {
      next.accept(socket);
    } catch (RuntimeException e) {
      stats.closed(WebStats.Closed.FAILED);
      warn("serve", "a new connection could not be served: " + e);
      try {
        socket.close();
      } catch (IOException closing) {
        log.trace("closing {}", socket, closing);
      }
    }
  }

  private void failed(IOException e) {
    stats.acceptFailed();
    pause = pause.isZero() ? FIRST_PAUSE : min(pause.multipliedBy(2), LONGEST_PAUSE);
    warn("accept", "accepting a connection failed, pausing " + pause.toMillis() + " ms: " + e);
    clock.park(pause.toNanos());
  }

  private void warn(String kind, String message) {
    long heldBack = warnings.allow(kind);
    if (heldBack != LogLimiter.HELD_BACK) {
      log.warn("{}{}", message, LogLimiter.heldBackNote(heldBack));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

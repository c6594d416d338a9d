package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /api/live}: the live page's server-sent events. {@code hello} (the series and their
 * recent watts), then {@code watts} with every new row at most every 50 ms (20 events a second; at
 * the sampling interval when that is longer, up to 1 s), {@code status} every 5 s.
 *
 * <p>It runs on the connection's own thread and starts nothing: while nobody watches, the live page
 * costs nothing. A stream ends after {@link #LIFETIME}, well inside the web server's response
 * deadline (2 minutes); the browser's {@code EventSource} then reconnects by itself (after the
 * {@code retry} it was told), so no stream holds a slot or a connection for long, and a client that
 * stops reading is cut off by that deadline. At most {@link LiveStreams#MAX_STREAMS} streams are
 * open; one more is answered 503.
 */
final class LiveEvents implements HttpHandler {

  /** How long one stream lasts before the browser reconnects. */
  static final Duration LIFETIME = Duration.ofSeconds(60);

  /** How often a stream sends the status. */
  static final Duration STATUS_EVERY = Duration.ofSeconds(5);

  private static final long MIN_PERIOD_NANOS = Duration.ofMillis(50).toNanos();
  private static final long MAX_PERIOD_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long RECONNECT_MILLIS = 1000;

  private final SampleRing ring;
  private final LiveStatus status;
  private final LiveStreams streams;
  private final Clock clock;
  private final Duration interval;
  private final long periodNanos;

  LiveEvents(
      SampleRing ring, Duration interval, LiveStatus status, LiveStreams streams, Clock clock) {
    this.ring = ring;
    this.status = status;
    this.streams = streams;
    this.clock = clock;
    this.interval = interval;
    this.periodNanos = Math.clamp(interval.toNanos(), MIN_PERIOD_NANOS, MAX_PERIOD_NANOS);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!streams.tryOpen()) {
        exchange.getResponseHeaders().set("Retry-After", "5");
        Responses.send(
            exchange,
            503,
            "text/plain; charset=utf-8",
            "at most " + streams.max() + " live streams may be open; try again later\n");
        return;
      }
      try {
        stream(exchange);
      } finally {
        streams.closed();
      }
    }
  }

  /** The period between two {@code watts} events. */
  long periodNanos() {
    return periodNanos;
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Connection", "close");
    exchange.sendResponseHeaders(200, 0);
    if (exchange.getRequestMethod().equals("HEAD")) {
      return;
    }
    OutputStream out = exchange.getResponseBody();
    LiveStream stream = new LiveStream(ring, streams, interval);
    send(
        out,
        "retry: "
            + RECONNECT_MILLIS
            + "\n\n"
            + event("hello", status.hello())
            + event("status", status.json()));
    long now = clock.nanoTime();
    long end = now + LIFETIME.toNanos();
    long nextStatus = now + STATUS_EVERY.toNanos();
    long tick = now;
    while (!Thread.currentThread().isInterrupted()) {
      tick = Math.max(tick + periodNanos, clock.nanoTime());
      if (tick - end > 0) {
        return;
      }
      clock.parkUntil(tick);
      String watts = stream.next();
      boolean statusDue = clock.nanoTime() - nextStatus >= 0;
      if (statusDue) {
        nextStatus = clock.nanoTime() + STATUS_EVERY.toNanos(); // no burst after a stall
      }
      if (watts != null || statusDue) {
        send(out, (watts == null ? "" : watts) + (statusDue ? event("status", status.json()) : ""));
      }
    }
  }

  private static String event(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  private static void send(OutputStream out, String events) throws IOException {
    out.write(events.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}

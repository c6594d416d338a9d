package io.jouleflow.agent.web;

import io.jouleflow.agent.metrics.SelfMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The HTTP server's own counts, as self-metrics. */
public final class WebStats {

  /** Why the server closed a connection itself. */
  enum Closed {
    /** At the connection cap with none waiting that could be closed instead. */
    REFUSED,
    /** Closed to make room for a new one: it had waited longest for its next request. */
    EVICTED,
    /** Its request did not arrive (or the TLS handshake not finish) in time. */
    REQUEST_TIMEOUT,
    /** The client did not read the response in time. */
    RESPONSE_TIMEOUT,
    /** Kept alive longer than the idle timeout without a request. */
    IDLE_TIMEOUT,
    /** Serving it failed in the server (an error, logged). */
    FAILED
  }

  /** Why the server answered a request itself, with an error. */
  enum Rejected {
    BAD_REQUEST,
    URI_TOO_LONG,
    HEADER_TOO_LARGE,
    BODY_TOO_LARGE,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    UNAUTHORIZED,
    AUTH_BUSY
  }

  private final LongAdder[] closed = counters(Closed.values().length);
  private final LongAdder[] rejected = counters(Rejected.values().length);
  private final LongAdder handshakeFailures = new LongAdder();
  private final LongAdder acceptFailures = new LongAdder();
  private final LongAdder reloads = new LongAdder();
  private final LongAdder reloadFailures = new LongAdder();
  final AtomicInteger open = new AtomicInteger();

  void closed(Closed reason) {
    closed[reason.ordinal()].increment();
  }

  void rejected(Rejected reason) {
    rejected[reason.ordinal()].increment();
  }

  void acceptFailed() {
    acceptFailures.increment();
  }

  long acceptFailures() {
    return acceptFailures.sum();
  }

  void handshakeFailed() {
    handshakeFailures.increment();
  }

  void reloaded(boolean success) {
    (success ? reloads : reloadFailures).increment();
  }

  long closedCount(Closed reason) {
    return closed[reason.ordinal()].sum();
  }

  long rejectedCount(Rejected reason) {
    return rejected[reason.ordinal()].sum();
  }

  /** The families, read now. */
  public List<SelfMetric> metrics() {
    return List.of(
        SelfMetric.gauge(
            "jouleflow_http_connections",
            "Open connections to the HTTP server.",
            List.of(SelfMetric.Point.of(open.get()))),
        SelfMetric.counter(
            "jouleflow_http_connections_closed",
            "Connections the HTTP server closed itself, by reason.",
            points(Closed.values(), closed)),
        SelfMetric.counter(
            "jouleflow_http_requests_rejected",
            "Requests the HTTP server answered with an error itself, by reason.",
            points(Rejected.values(), rejected)),
        SelfMetric.counter(
            "jouleflow_http_accept_failures",
            "Times accepting a connection failed (e.g. too many open files); each pauses it.",
            List.of(SelfMetric.Point.of(acceptFailures.sum()))),
        SelfMetric.counter(
            "jouleflow_tls_handshake_failures",
            "TLS handshakes that failed (wrong protocol, no or untrusted client certificate).",
            List.of(SelfMetric.Point.of(handshakeFailures.sum()))),
        SelfMetric.counter(
            "jouleflow_web_config_reloads",
            "Times the web config file or its certificates were re-read after a change, by"
                + " outcome.",
            List.of(
                new SelfMetric.Point(List.of("outcome", "success"), reloads.sum()),
                new SelfMetric.Point(List.of("outcome", "failure"), reloadFailures.sum()))));
  }

  private static LongAdder[] counters(int size) {
    LongAdder[] counters = new LongAdder[size];
    for (int i = 0; i < size; i++) {
      counters[i] = new LongAdder();
    }
    return counters;
  }

  private static List<SelfMetric.Point> points(Enum<?>[] reasons, LongAdder[] counts) {
    List<SelfMetric.Point> points = new ArrayList<>();
    for (Enum<?> reason : reasons) {
      points.add(
          new SelfMetric.Point(
              List.of("reason", reason.name().toLowerCase(Locale.ROOT)),
              counts[reason.ordinal()].sum()));
    }
    return points;
  }
}

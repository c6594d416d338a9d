package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetric.Point;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the remote-write shipper has done, for the agent's self-metrics: read-only from outside,
 * written by the shipper thread, safe to read from any thread. {@link #metrics()} lists it all as
 * self-metric points.
 */
public final class ShipperStats {

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<DropReason, AtomicLong> dropped = counters(DropReason.class);
  private final Map<StatusClass, AtomicLong> requests = counters(StatusClass.class);
  private volatile int pending;
  private volatile long lastSuccessMillis;
  private final SpoolStats spool = new SpoolStats();

  ShipperStats() {}

  /** What the push spool holds and has done (all zero without {@code SPOOL_DIR}). */
  public SpoolStats spool() {
    return spool;
  }

  /** Samples in requests the receiver accepted (2xx). */
  public long samplesSent() {
    return sent.get();
  }

  /**
   * Samples in requests that failed and are retried (network errors, timeouts, 5xx, 429), once per
   * failed attempt.
   */
  public long samplesFailed() {
    return failed.get();
  }

  /** Samples given up for {@code reason}. */
  public long samplesDropped(DropReason reason) {
    return counter(dropped, reason).get();
  }

  /** Samples given up, for any reason. */
  public long samplesDropped() {
    long total = 0;
    for (DropReason reason : DropReason.values()) {
      total += samplesDropped(reason);
    }
    return total;
  }

  /** Failed requests waiting in the retry queue. */
  public int batchesPending() {
    return pending;
  }

  /** When a request was last accepted, in milliseconds since the epoch; 0 before the first. */
  public long lastSuccessEpochMillis() {
    return lastSuccessMillis;
  }

  /** Requests that ended in {@code statusClass}. */
  public long requests(StatusClass statusClass) {
    return counter(requests, statusClass).get();
  }

  /**
   * Every figure as self-metric families, for the agent's {@code /metrics}: samples sent, failed
   * (retried), dropped by reason, batches pending, the last success time and requests by status
   * class. Counter names come without the {@code _total} suffix.
   */
  public List<SelfMetric> metrics() {
    List<Point> dropped = new ArrayList<>();
    for (DropReason reason : DropReason.values()) {
      dropped.add(new Point(List.of("reason", reason.label()), (double) samplesDropped(reason)));
    }
    List<Point> requests = new ArrayList<>();
    for (StatusClass statusClass : StatusClass.values()) {
      requests.add(
          new Point(List.of("status_class", statusClass.label()), (double) requests(statusClass)));
    }
    List<SelfMetric> metrics = new ArrayList<>();
    metrics.addAll(
        List.of(
            SelfMetric.counter(
                "jouleflow_remote_write_samples_sent",
                "Samples in remote-write requests the receiver accepted.",
                List.of(Point.of((double) samplesSent()))),
            SelfMetric.counter(
                "jouleflow_remote_write_samples_failed",
                "Samples in remote-write requests that failed and are retried, once per attempt.",
                List.of(Point.of((double) samplesFailed()))),
            SelfMetric.counter(
                "jouleflow_remote_write_samples_dropped",
                "Samples the remote-write shipper gave up, by reason.",
                dropped),
            SelfMetric.gauge(
                "jouleflow_remote_write_batches_pending",
                "Failed remote-write requests waiting in the retry queue.",
                List.of(Point.of(batchesPending()))),
            SelfMetric.gauge(
                "jouleflow_remote_write_last_success_timestamp_seconds",
                "When a remote-write request was last accepted (0 before the first).",
                List.of(Point.of(lastSuccessEpochMillis() / 1000.0))),
            SelfMetric.counter(
                "jouleflow_remote_write_requests",
                "Remote-write requests, by HTTP status class (error: no answer).",
                requests)));
    metrics.addAll(spool.metrics());
    return metrics;
  }

  private static <E extends Enum<E>> Map<E, AtomicLong> counters(Class<E> keys) {
    Map<E, AtomicLong> counters = new EnumMap<>(keys);
    for (E key : keys.getEnumConstants()) {
      counters.put(key, new AtomicLong());
    }
    return counters;
  }

  private static <E extends Enum<E>> AtomicLong counter(Map<E, AtomicLong> counters, E key) {
    return Objects.requireNonNull(counters.get(key));
  }

  void recordRequest(StatusClass statusClass) {
    counter(requests, statusClass).incrementAndGet();
  }

  void recordSent(int samples, long epochMillis) {
    sent.addAndGet(samples);
    lastSuccessMillis = epochMillis;
  }

  void recordFailed(int samples) {
    failed.addAndGet(samples);
  }

  void recordDropped(DropReason reason, long samples) {
    if (samples > 0) {
      counter(dropped, reason).addAndGet(samples);
    }
  }

  void recordPending(int batches) {
    pending = batches;
  }

  /** Why the shipper gave samples up. */
  public enum DropReason {
    /** The ring overwrote them before the shipper read them. */
    OVERRUN,
    /** The retry queue was full; the oldest failed request made room. */
    RETRY_QUEUE_FULL,
    /** The receiver refused the request (a 3xx, or a 4xx but 409 and 429); not retried. */
    REJECTED_4XX,
    /**
     * The receiver holds them already: it answered 409 (Thanos), or refused a retry for order after
     * an earlier attempt landed though its answer was lost.
     */
    DUPLICATE,
    /** Still unsent when the last push at shutdown ran out of time. */
    SHUTDOWN,
    /** The spool reached {@code SPOOL_MAX_BYTES}; its oldest requests made room. */
    SPOOL_FULL,
    /** Their spool record was torn or corrupt. */
    SPOOL_CORRUPT;

    /** The value of the {@code reason} label, e.g. {@code retry_queue_full}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a request ended. */
  public enum StatusClass {
    /** Accepted. */
    STATUS_2XX("2xx"),
    /** Redirected: not followed, so dropped. */
    STATUS_3XX("3xx"),
    /** Refused (or 429: retried). */
    STATUS_4XX("4xx"),
    /** Failed on the receiver: retried. */
    STATUS_5XX("5xx"),
    /** No answer: connection refused or reset, timeout. Retried. */
    ERROR("error");

    private final String label;

    StatusClass(String label) {
      this.label = label;
    }

    /** The value of the {@code status_class} label. */
    public String label() {
      return label;
    }

    static StatusClass of(int status) {
      return switch (status / 100) {
        case 2 -> STATUS_2XX;
        case 3 -> STATUS_3XX;
        case 5 -> STATUS_5XX;
        default -> STATUS_4XX;
      };
    }
  }
}

package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.export.remotewrite.ShipperStats.StatusClass;
import io.jouleflow.agent.runtime.Backoff;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches one request at a time and in order; waiting batches are joined into requests of up
 * to {@code MAX_SAMPLES_PER_SEND} samples ({@link BatchJoiner}). A new batch goes out at once only
 * when no failed batch waits and no backoff runs; otherwise it queues behind the failed ones, so
 * newer data never overtakes older. Network errors, timeouts, 5xx and 429 keep a batch for retry
 * after a capped exponential backoff with jitter (or the receiver's {@code Retry-After}); any other
 * answer ends the batch: accepted, a duplicate (409, or a retry refused for order after an earlier
 * attempt landed unanswered), or refused and dropped. A joined request holding a batch that may
 * have landed is refused whole by a receiver that checks order (Prometheus rolls the whole request
 * back): when one is refused for order, its batches go alone, one request each, until one is not a
 * duplicate, and then joined again. (What may have landed is always the oldest: the request in
 * flight.) Used by the shipper thread only.
 */
final class Delivery {

  /** A deadline that never comes. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final int MAX_LOGGED_ANSWER = 256;

  private final Sender sender;
  private final Backlog queue;
  private final Backoff backoff;
  private final ShipperStats stats;
  private final LogLimiter limiter;
  private final Credentials credentials;
  private final String url;
  private final long requestTimeoutNanos;
  private final Clock clock;
  private final LongSupplier deadlineNanos;
  private final int maxSamplesPerSend;
  private final BatchJoiner joiner = new BatchJoiner();
  private boolean alone;
  private int failures;
  private long readyAtNanos;

  Delivery(Options options, Sender sender, Backlog queue, ShipperStats stats) {
    this.sender = sender;
    this.queue = queue;
    this.backoff = options.backoff();
    this.stats = stats;
    this.limiter = options.limiter();
    this.credentials = options.credentials();
    this.url = options.url();
    this.requestTimeoutNanos = options.requestTimeout().toNanos();
    this.clock = options.clock();
    this.deadlineNanos = options.deadlineNanos();
    this.maxSamplesPerSend = options.maxSamplesPerSend();
    this.readyAtNanos = clock.nanoTime();
  }

  /** What one attempt came to. */
  private enum Outcome {
    /** Sent, or given up: the batches are done with. */
    DONE,
    /** Kept for a retry after the backoff. */
    RETRY,
    /** Refused for order with a batch that may have landed: to be sent again, one by one. */
    SPLIT
  }

  /** Sends one request body; the HTTP client in the agent. */
  interface Sender {
    Response send(byte[] body, Duration timeout) throws IOException, InterruptedException;
  }

  /**
   * What a delivery needs besides the sender.
   *
   * @param url the endpoint as it may be logged
   * @param requestTimeout the longest wait for one answer
   * @param backoff the waits between failed attempts
   * @param limiter the rate limit of warnings
   * @param credentials what to redact from logged answers
   * @param clock monotonic time for waits, wall-clock time for the last success
   * @param deadlineNanos when to stop sending, in the clock's {@code nanoTime} terms: {@link
   *     #NO_DEADLINE} until the shipper closes
   * @param maxSamplesPerSend the most samples of joined batches in one request
   */
  record Options(
      String url,
      Duration requestTimeout,
      Backoff backoff,
      LogLimiter limiter,
      Credentials credentials,
      Clock clock,
      LongSupplier deadlineNanos,
      int maxSamplesPerSend) {}

  /**
   * Sends {@code batch} now when nothing waits before it, else queues it behind; past the deadline
   * (at shutdown) drops it. With a durable backlog (the spool) it is only queued: {@link #drain()}
   * makes it durable, then sends it.
   */
  void offer(Batch batch) throws InterruptedException {
    if (remainingNanos() <= 0) {
      stats.recordDropped(DropReason.SHUTDOWN, batch.samples());
      return;
    }
    if (!queue.durable() && queue.isEmpty() && ready() && attempt(List.of(batch)) == Outcome.DONE) {
      return;
    }
    enqueue(batch);
  }

  /**
   * Sends {@code batch} once, only when nothing waits and no backoff runs, and forgets it whatever
   * the answer: for the agent's self-metrics, which the next push carries fresh. It is never
   * queued, so it cannot crowd data out of the retry queue, and it is not counted with the data.
   *
   * @return whether the receiver accepted it
   */
  boolean sendOnce(Batch batch) throws InterruptedException {
    if (!queue.isEmpty() || !ready() || remainingNanos() <= 0) {
      return false;
    }
    long timeout = Math.min(requestTimeoutNanos, remainingNanos());
    try {
      Response response = sender.send(batch.body(), Duration.ofNanos(Math.max(timeout, 1_000_000)));
      if (!response.accepted()) {
        log.debug("remote write of the self-metrics {}; not sent again", answered(response));
      }
      return response.accepted();
    } catch (IOException e) {
      log.debug("remote write of the self-metrics failed: {}; not sent again", describe(e));
      return false;
    }
  }

  /** Sends queued batches, joined, oldest first, until none waits, one fails, or the deadline. */
  void drain() throws InterruptedException {
    if (!queue.isEmpty() && ready() && remainingNanos() > 0) {
      queue.sync();
    }
    while (!queue.isEmpty() && ready() && remainingNanos() > 0) {
      List<Batch> parts = queue.firsts(alone ? 1 : maxSamplesPerSend, BatchJoiner.MAX_JOINED_BYTES);
      if (parts.isEmpty()) {
        break;
      }
      Outcome outcome = attempt(parts);
      if (outcome == Outcome.RETRY) {
        return;
      }
      if (outcome == Outcome.DONE) {
        for (int i = 0; i < parts.size(); i++) {
          queue.remove();
        }
        stats.recordPending(queue.size());
      }
    }
    stats.recordPending(queue.size());
  }

  /** Whether new batches wait in a durable backlog (the spool, while it can be written). */
  boolean durable() {
    return queue.durable();
  }

  /** Whether failed batches wait. */
  boolean hasPending() {
    return !queue.isEmpty();
  }

  /** When the next attempt may start, in {@code nanoTime} terms. */
  long readyAtNanos() {
    return readyAtNanos;
  }

  /** Holds off the next attempt for {@code nanos} (after an unexpected failure). */
  void holdOff(long nanos) {
    readyAtNanos = clock.nanoTime() + nanos;
  }

  /** Ends any backoff: the next attempt may start now. */
  void retryNow() {
    readyAtNanos = clock.nanoTime();
  }

  /** Drops every queued batch that cannot outlive the process, counted as lost at shutdown. */
  void abandon() {
    stats.recordDropped(DropReason.SHUTDOWN, queue.abandon());
    stats.recordPending(queue.size());
  }

  private boolean ready() {
    return clock.nanoTime() - readyAtNanos >= 0;
  }

  /** Time left until the deadline (at shutdown), or {@link Long#MAX_VALUE} before. */
  long remainingNanos() {
    long deadline = deadlineNanos.getAsLong();
    return deadline == NO_DEADLINE ? Long.MAX_VALUE : deadline - clock.nanoTime();
  }

  /** One attempt to send {@code parts}, the oldest batches, joined into one request. */
  private Outcome attempt(List<Batch> parts) throws InterruptedException {
    Batch batch = joiner.join(parts);
    long timeout = Math.min(requestTimeoutNanos, remainingNanos());
    Response response;
    try {
      response = sender.send(batch.body(), Duration.ofNanos(Math.max(timeout, 1_000_000)));
    } catch (IOException e) {
      stats.recordRequest(StatusClass.ERROR);
      if (!(e instanceof ConnectException || e instanceof HttpConnectTimeoutException)) {
        queue.markMayHaveLanded(parts);
      }
      retryLater(batch, Optional.empty(), "network", describe(e));
      return Outcome.RETRY;
    }
    stats.recordRequest(StatusClass.of(response.status()));
    if (response.retryable()) {
      retryLater(batch, response.retryAfter(), "status", answered(response));
      return Outcome.RETRY;
    }
    boolean mayHaveLanded = parts.stream().anyMatch(Batch::mayHaveLanded);
    boolean again = response.duplicate() || (mayHaveLanded && response.refusedForOrder());
    if (again && parts.size() > 1) {
      split(parts, response);
      return Outcome.SPLIT;
    }
    if (response.accepted()) {
      succeeded(batch);
    } else if (again) {
      answeredAgain(batch, DropReason.DUPLICATE);
      logDuplicate(batch, response);
    } else {
      answeredAgain(batch, DropReason.REJECTED_4XX);
      logRefused(batch, response);
    }
    alone = alone && again;
    return Outcome.DONE;
  }

  /** The receiver may hold some of {@code parts} already: they go again, one request each. */
  private void split(List<Batch> parts, Response response) {
    alone = true;
    failures = 0;
    readyAtNanos = clock.nanoTime();
    log.info(
        "remote write to {} {} for a request of {} joined ones that may have landed earlier;"
            + " sending them one by one",
        url,
        answered(response),
        parts.size());
  }

  private void succeeded(Batch batch) {
    stats.recordSent(batch.samples(), clock.wallMillis());
    if (failures > 0) {
      log.info("remote write to {} works again after {} failed attempts", url, failures);
    }
    failures = 0;
    readyAtNanos = clock.nanoTime();
  }

  /** The receiver answered, so it is up: no backoff; the batch is given up for {@code reason}. */
  private void answeredAgain(Batch batch, DropReason reason) {
    stats.recordDropped(reason, batch.samples());
    failures = 0;
    readyAtNanos = clock.nanoTime();
  }

  private void retryLater(Batch batch, Optional<Duration> retryAfter, String kind, String what) {
    stats.recordFailed(batch.samples());
    failures++;
    long wait =
        retryAfter
            .map(d -> Math.max(d.toNanos(), backoff.minimumNanos()))
            .orElseGet(() -> backoff.delayNanos(failures));
    readyAtNanos = clock.nanoTime() + wait;
    long heldBack = limiter.allow(kind);
    if (heldBack != LogLimiter.HELD_BACK) {
      log.warn(
          "remote write to {} failed: {}; keeping its {} samples for retry in {} ms"
              + " (failures in a row: {}){}",
          url,
          what,
          batch.samples(),
          wait / 1_000_000,
          failures,
          LogLimiter.heldBackNote(heldBack));
    }
  }

  private void enqueue(Batch batch) {
    Optional<Batch> dropped = queue.add(batch);
    stats.recordPending(queue.size());
    if (dropped.isPresent()) {
      stats.recordDropped(DropReason.RETRY_QUEUE_FULL, dropped.get().samples());
      long heldBack = limiter.allow("queue-full");
      if (heldBack != LogLimiter.HELD_BACK) {
        log.warn(
            "remote write: the retry queue is full (MAX_RETRY_BATCHES={}); dropped its oldest"
                + " batch of {} samples{}",
            queue.size(),
            dropped.get().samples(),
            LogLimiter.heldBackNote(heldBack));
      }
    }
  }

  private void logRefused(Batch batch, Response response) {
    if (response.misconfigured()) {
      long heldBack = limiter.allow("misconfigured");
      if (heldBack != LogLimiter.HELD_BACK) {
        log.error(
            "remote write to {} {}: {}; dropped {} samples{}",
            url,
            answered(response),
            advice(response.status()),
            batch.samples(),
            LogLimiter.heldBackNote(heldBack));
      }
      return;
    }
    long heldBack = limiter.allow("refused");
    if (heldBack != LogLimiter.HELD_BACK) {
      log.warn(
          "remote write to {} {}; dropped its {} samples, not retried{}",
          url,
          answered(response),
          batch.samples(),
          LogLimiter.heldBackNote(heldBack));
    }
  }

  private void logDuplicate(Batch batch, Response response) {
    long heldBack = limiter.allow("duplicate");
    if (heldBack != LogLimiter.HELD_BACK) {
      log.info(
          "remote write to {} {}: it holds these {} samples already (from an earlier attempt"
              + " whose answer was lost, or another sender); not sent again{}",
          url,
          answered(response),
          batch.samples(),
          LogLimiter.heldBackNote(heldBack));
    }
  }

  private static String advice(int status) {
    return switch (status) {
      case 401, 403 ->
          "the configuration is wrong: the receiver refuses the credentials; check"
              + " REMOTE_WRITE_USERNAME and REMOTE_WRITE_PASSWORD_FILE, or"
              + " REMOTE_WRITE_BEARER_TOKEN_FILE";
      default ->
          "the configuration is wrong: REMOTE_WRITE_URL names no remote-write endpoint; check it"
              + " (Prometheus: /api/v1/write with"
              + " --web.enable-remote-write-receiver; VictoriaMetrics: /api/v1/write; Mimir:"
              + " /api/v1/push; Thanos: /api/v1/receive)";
    };
  }

  private String answered(Response response) {
    String answer = credentials.redact(response.answer()).strip().replaceAll("\\s+", " ");
    if (answer.length() > MAX_LOGGED_ANSWER) {
      answer = answer.substring(0, MAX_LOGGED_ANSWER) + "...";
    }
    return "answered " + response.status() + (answer.isEmpty() ? "" : " '" + answer + "'");
  }

  private String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer within the timeout (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof ConnectException && e.getMessage() == null) {
      return "connection refused (ConnectException)";
    }
    Throwable cause = e;
    Throwable next = e.getCause();
    while (cause.getMessage() == null && next != null) {
      cause = next;
      next = cause.getCause();
    }
    String message = cause.getMessage();
    return e.getClass().getSimpleName()
        + (message == null ? "" : ": " + credentials.redact(message));
  }
}

package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Backoff;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote-write shipper: one named thread that, every push interval, cuts what is after its own
 * cursors in the sample ring and the record ring into requests of at most {@code
 * MAX_SAMPLES_PER_SEND} samples and sends them one at a time; failed requests wait in a bounded
 * FIFO retry queue (or the spool) and always go before newer data, joined into requests of up to
 * {@code MAX_SAMPLES_PER_SEND} samples again (see {@link Delivery}). {@link #close()} stops the
 * loop and makes a last push of everything pending within {@code SHUTDOWN_PUSH_TIMEOUT_S}.
 */
public final class RemoteWriteShipper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RemoteWriteShipper.class);
  private static final Duration JOIN_GRACE = Duration.ofMillis(500);

  /**
   * While requests wait in the spool (the receiver is down), how often the shipper also cuts what
   * is new into the spool, so that the agent's death loses at most this much of the samples taken.
   */
  static final Duration SPOOL_FOLLOW = Duration.ofMillis(20);

  /** First base wait after a failed request, as Prometheus' remote write. */
  static final Duration BACKOFF_INITIAL = Duration.ofMillis(30);

  /** Largest base wait after failed requests, as Prometheus' remote write. */
  static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

  private final BatchCutter cutter;
  private final SelfMetricSource selfMetrics;
  private final SelfMetricCutter selfMetricCutter;
  private final RemoteWriteClient client;
  private final ShipperStats stats;
  private final long intervalNanos;
  private final Duration shutdownTimeout;
  private final String description;
  private final Object lock = new Object();
  private final Clock clock;
  private final LogLimiter bugs;
  private final Thread thread;
  private final Delivery delivery;
  private final AtomicLong deadlineNanos;
  private boolean closing;
  private long lastCut;

  private RemoteWriteShipper(
      PushSettings push,
      BatchCutter cutter,
      SelfMetricSource selfMetrics,
      RemoteWriteClient client,
      Delivery delivery,
      AtomicLong deadlineNanos,
      ShipperStats stats,
      Clock clock) {
    this.clock = clock;
    this.bugs = LogLimiter.oncePerMinute(clock);
    this.cutter = cutter;
    this.selfMetrics = selfMetrics;
    this.selfMetricCutter = new SelfMetricCutter(push.maxSamplesPerSend(), push.externalLabels());
    this.client = client;
    this.delivery = delivery;
    this.deadlineNanos = deadlineNanos;
    this.stats = stats;
    this.intervalNanos = push.interval().toNanos();
    this.shutdownTimeout = push.shutdownTimeout();
    this.description =
        "remote write to "
            + push.loggableUrl()
            + " every "
            + push.interval().toMillis() / 1000.0
            + " s"
            + (push.externalLabels().isEmpty() ? "" : " with labels " + push.externalLabels());
    this.thread = Threads.daemon("jouleflow-shipper", this::run);
  }

  /**
   * Starts shipping the rows and plugin records of {@code feed}, and with each push the
   * self-metrics of {@code selfMetrics} and the shipper's own, stamped with the push time (unless
   * {@code selfMetrics} has none: {@link SelfMetricSource#NONE} where {@code /metrics} serves
   * them).
   *
   * @param version the agent's version, for the {@code User-Agent} header
   * @param clock times pushes, retries, warnings and the shutdown
   * @throws IOException with one line naming the setting at fault when a password, token,
   *     certificate or key file cannot be read or used
   */
  public static RemoteWriteShipper start(
      PushSettings push, Feed feed, String version, SelfMetricSource selfMetrics, Clock clock)
      throws IOException {
    return start(push, feed, version, selfMetrics, defaultBackoff(), clock);
  }

  static RemoteWriteShipper start(
      PushSettings push,
      Feed feed,
      String version,
      SelfMetricSource selfMetrics,
      Backoff backoff,
      Clock clock)
      throws IOException {
    Credentials credentials = Credentials.from(push, clock);
    ShipperStats stats = new ShipperStats();
    BatchCutter cutter =
        new BatchCutter(feed, push.maxSamplesPerSend(), push.externalLabels(), stats);
    RemoteWriteClient client = RemoteWriteClient.create(push, credentials, version, clock);
    String url = push.loggableUrl();
    AtomicLong deadlineNanos = new AtomicLong(Delivery.NO_DEADLINE);
    Delivery delivery =
        new Delivery(
            new Delivery.Options(
                url,
                push.timeout(),
                backoff,
                LogLimiter.oncePerMinute(clock),
                credentials,
                clock,
                deadlineNanos::get,
                push.maxSamplesPerSend()),
            client::send,
            backlog(push, stats, clock),
            stats);
    RemoteWriteShipper shipper =
        new RemoteWriteShipper(
            push, cutter, selfMetrics, client, delivery, deadlineNanos, stats, clock);
    if (push.insecureSkipVerify()) {
      log.warn(
          "REMOTE_WRITE_INSECURE_SKIP_VERIFY=true: the certificate and host name of {} are NOT"
              + " verified; use this for testing only",
          url);
    }
    shipper.thread.start();
    return shipper;
  }

  /**
   * Where and how often it sends, for the start-up line, e.g. {@code remote write to URL every 5.0
   * s}.
   */
  public String description() {
    return description;
  }

  /** What the shipper has done, for the self-metrics. */
  public ShipperStats stats() {
    return stats;
  }

  /**
   * Stops the periodic loop and makes a last push: the retry queue first, then what is new, giving
   * up at {@code SHUTDOWN_PUSH_TIMEOUT_S} (what is left is counted as dropped, reason {@code
   * shutdown}). Returns within about that timeout plus half a second.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (!closing) {
        closing = true;
        deadlineNanos.set(clock.nanoTime() + shutdownTimeout.toNanos());
        lock.notifyAll();
      }
    }
    if (!Threads.join(thread, shutdownTimeout.plus(JOIN_GRACE))) {
      thread.interrupt();
      Threads.join(thread, JOIN_GRACE);
    }
    client.close();
  }

  /** The spool when {@code SPOOL_DIR} is set, else the memory queue. */
  private static Backlog backlog(PushSettings push, ShipperStats stats, Clock clock)
      throws IOException {
    Optional<Path> dir = push.spool().dir();
    if (dir.isEmpty()) {
      return new RetryQueue(push.maxRetryBatches());
    }
    return SpoolBacklog.open(
        dir.get(), push.spool().maxBytes(), push.maxRetryBatches(), stats, clock, SpoolDisk.REAL);
  }

  private static Backoff defaultBackoff() {
    return new Backoff(BACKOFF_INITIAL, BACKOFF_MAX, new SplittableRandom());
  }

  private void run() {
    Delivery sender = delivery;
    try {
      long nextPush = clock.nanoTime() + intervalNanos;
      while (waitUntilDue(sender, nextPush)) {
        nextPush = cycle(sender, nextPush);
      }
      lastPush(sender);
    } catch (InterruptedException e) {
      long before = stats.samplesDropped(DropReason.SHUTDOWN);
      sender.abandon();
      log.warn(
          "remote write: stopped at SHUTDOWN_PUSH_TIMEOUT_S with a request in flight; {} queued"
              + " samples not sent",
          stats.samplesDropped(DropReason.SHUTDOWN) - before);
      Thread.currentThread().interrupt();
    }
  }

  /** Retries what is due, and at the push time cuts and sends what is new; the next push time. */
  private long cycle(Delivery sender, long nextPush) throws InterruptedException {
    try {
      sender.drain();
      long now = clock.nanoTime();
      if (now - nextPush < 0) {
        if (following(sender) && now - (lastCut + SPOOL_FOLLOW.toNanos()) >= 0) {
          cut(sender);
        }
        return nextPush;
      }
      cut(sender);
      offerSelfMetrics(sender);
      long next = nextPush + intervalNanos;
      return now - next >= 0 ? now + intervalNanos : next;
    } catch (RuntimeException e) {
      long heldBack = bugs.allow("bug");
      if (heldBack != LogLimiter.HELD_BACK) {
        log.error("remote write: a push failed unexpectedly; trying again next interval", e);
      }
      sender.holdOff(intervalNanos);
      return clock.nanoTime() + intervalNanos;
    }
  }

  /** Waits for the next push or retry; false when the shipper is closing. */
  private boolean waitUntilDue(Delivery sender, long nextPush) throws InterruptedException {
    synchronized (lock) {
      while (!closing) {
        long due = nextPush;
        if (sender.hasPending() && sender.readyAtNanos() - nextPush < 0) {
          due = sender.readyAtNanos();
        }
        long follow = lastCut + SPOOL_FOLLOW.toNanos();
        if (following(sender) && follow - due < 0) {
          due = follow;
        }
        long remaining = due - clock.nanoTime();
        if (remaining <= 0) {
          return true;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, remaining);
      }
      return false;
    }
  }

  /** Cuts what is new; with the spool, it goes to disk first and is sent from there. */
  private void cut(Delivery sender) throws InterruptedException {
    cutter.cut(sender::offer);
    lastCut = clock.nanoTime();
    sender.drain();
  }

  /** Whether requests wait in the spool: then what is new follows them to disk at once. */
  private static boolean following(Delivery sender) {
    return sender.durable() && sender.hasPending();
  }

  /**
   * Sends the self-metrics once, best effort: only when no data waits for a retry, and never queued
   * or retried themselves (the next push carries fresh values), so they cannot crowd data out.
   */
  private void offerSelfMetrics(Delivery sender) throws InterruptedException {
    List<SelfMetric> agent = selfMetrics.collect();
    if (agent.isEmpty() || sender.hasPending()) {
      return;
    }
    List<SelfMetric> all = new ArrayList<>(agent);
    all.addAll(stats.metrics());
    for (Batch batch : selfMetricCutter.cut(all, clock.wallMillis())) {
      if (!sender.sendOnce(batch)) {
        return;
      }
    }
  }

  private void lastPush(Delivery sender) throws InterruptedException {
    long before = stats.samplesDropped(DropReason.SHUTDOWN);
    sender.retryNow();
    sender.drain();
    cut(sender);
    offerSelfMetrics(sender);
    while (sender.hasPending() && sender.remainingNanos() > 0) {
      long wait = Math.min(sender.readyAtNanos() - clock.nanoTime(), sender.remainingNanos());
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      sender.drain();
    }
    sender.abandon();
    long lost = stats.samplesDropped(DropReason.SHUTDOWN) - before;
    if (lost > 0) {
      log.warn(
          "remote write: {} samples not sent within SHUTDOWN_PUSH_TIMEOUT_S ({} s)",
          lost,
          shutdownTimeout.toMillis() / 1000.0);
    }
  }
}

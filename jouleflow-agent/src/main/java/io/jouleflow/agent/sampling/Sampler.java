package io.jouleflow.agent.sampling;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.runtime.Threads;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every scheduled sensor on absolute deadlines ({@code start + n × interval}, so no drift)
 * and appends one row per tick to the {@link SampleRing}. A tick that starts more than one interval
 * late skips the deadlines it missed, and counts them, instead of bursting.
 */
public final class Sampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sampler.class);

  private final List<NamedSensor> sensors;
  private final SampleRing ring;
  private final long intervalNanos;
  private final Clock clock;
  private final SamplerStats stats;
  private final double[][] readings;
  private final double[] row;
  private final LogLimiter warnings;
  private final Thread thread;
  private volatile boolean running = true;
  private @Nullable LongConsumer tickListener;
  private int listenEvery = 1;
  private int sinceListened;

  /**
   * A sampler of {@code sensors} into a new ring of {@code rows} rows; call {@link #start()} to
   * begin.
   */
  public Sampler(List<NamedSensor> sensors, int rows, Duration interval, Clock clock) {
    this.sensors = List.copyOf(sensors);
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
    this.stats = new SamplerStats(sensors.size());
    this.readings = new double[sensors.size()][];
    int width = 0;
    for (int i = 0; i < sensors.size(); i++) {
      readings[i] = new double[sensors.get(i).sensor().series().size()];
      width += readings[i].length;
    }
    this.ring = new SampleRing(rows, width);
    this.row = new double[width];
    this.warnings = LogLimiter.oncePerMinute(clock);
    this.thread = Threads.nonDaemon("jouleflow-sampler", this::run);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /**
   * Calls {@code listener} on the sampler thread with the sequence of every {@code every}-th row
   * right after it is appended (attribution runs on these ticks). It must return at once. Set
   * before {@link #start()}.
   */
  public void onTicks(int every, LongConsumer listener) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be positive, got " + every);
    }
    this.listenEvery = every;
    this.tickListener = listener;
  }

  /** Starts the sampler thread. */
  public void start() {
    thread.start();
  }

  /** The ring the sampler writes. */
  public SampleRing ring() {
    return ring;
  }

  /** The series of each ring column, in column order. */
  public List<Series> series() {
    List<Series> all = new ArrayList<>(ring.width());
    for (NamedSensor sensor : sensors) {
      all.addAll(sensor.sensor().series());
    }
    return all;
  }

  /** The sensors, in column order. */
  public List<NamedSensor> sensors() {
    return sensors;
  }

  /** What the sampler has done. */
  public SamplerStats stats() {
    return stats;
  }

  /** The sampler's self-metrics as they are now: ticks, samples, lag, read errors, buffer size. */
  public List<SelfMetric> selfMetrics() {
    return SamplerMetrics.of(this);
  }

  /** What the sampler runs, for people: the agent's version, the interval and the sensors. */
  public AgentSummary summary(String version) {
    return new AgentSummary(
        version,
        interval(),
        sensors.stream()
            .map(sensor -> new AgentSummary.Source(sensor.name(), sensor.description()))
            .toList());
  }

  /** The sampled rows and the series of their columns, for the exporters. */
  public Feed feed(RecordRing records, SeriesRegistry registry) {
    return new Feed(ring, series(), records, registry);
  }

  /** The interval between ticks. */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /**
   * Takes one row now, from the calling thread: only before {@link #start()} or after {@link
   * #stop}, since the ring has a single writer. {@code jouleflow measure} brackets its command with
   * such readings.
   */
  public void sampleNow() {
    if (thread.isAlive()) {
      throw new IllegalStateException("the sampler thread is running");
    }
    tick(0);
  }

  /** Takes one row now. Called by the sampler thread, and by tests driving a fake clock. */
  void tick(long lagNanos) {
    long timestamp = clock.wallMillis(); // the ring keeps row timestamps strictly ascending
    int column = 0;
    long recorded = 0;
    for (int i = 0; i < readings.length; i++) {
      double[] values = readings[i];
      read(i, values);
      int failed = 0;
      int notDue = 0;
      for (double value : values) {
        if (ScheduledSensor.isNotDue(value)) {
          notDue++;
        } else if (Double.isNaN(value)) {
          failed++;
        }
      }
      if (failed > 0) {
        stats.recordReadErrors(i, failed);
        warnAtMostOncePerMinute(
            i,
            "sensor '{}' could not read {} of its {} series this tick (they miss it; counted in"
                + " jouleflow_sensor_read_errors_total; logged at most once a minute)",
            sensors.get(i).name(),
            failed,
            values.length);
      }
      recorded += values.length - failed - notDue;
      System.arraycopy(values, 0, row, column, values.length);
      column += values.length;
    }
    ring.append(timestamp, row);
    stats.recordTick(lagNanos, recorded);
    LongConsumer listener = tickListener;
    if (listener != null && ++sinceListened >= listenEvery) {
      sinceListened = 0;
      listener.accept(ring.published());
    }
  }

  /** Runs ticks until {@code deadlines} deadlines have passed or the sampler is closed. */
  void runTicks(long deadlines) {
    long start = clock.nanoTime();
    long n = 0;
    while (running && n < deadlines) {
      long deadline = start + n * intervalNanos;
      long remaining;
      while (running && (remaining = deadline - clock.nanoTime()) > 0) {
        clock.park(remaining);
      }
      if (!running) {
        return;
      }
      long lag = clock.nanoTime() - deadline;
      tick(Math.max(0, lag));
      n++;
      long behind = (clock.nanoTime() - start) / intervalNanos - n;
      if (behind > 0) {
        stats.recordMissed(behind);
        n += behind;
      }
    }
  }

  /**
   * Stops the sampler thread, waiting at most {@code timeout} for a tick in progress. The thread is
   * woken, not interrupted, so no sensor read is cut off (an interrupt would close its files).
   *
   * @return whether the thread has stopped
   */
  public boolean stop(Duration timeout) {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      return true;
    }
    LockSupport.unpark(thread);
    return Threads.join(thread, timeout);
  }

  /** Stops the sampler thread and closes the sensors, waiting at most {@code timeout}. */
  public void close(Duration timeout) {
    if (!stop(timeout)) {
      log.warn("the sampler thread did not stop within {}; a sensor read may hang", timeout);
      thread.interrupt();
    }
    for (NamedSensor sensor : sensors) {
      sensor.sensor().close();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  private void run() {
    runTicks(Long.MAX_VALUE);
  }

  private void warnAtMostOncePerMinute(int sensor, String message, Object... arguments) {
    if (warnings.allows(sensor)) {
      log.warn(message, arguments);
    }
  }

  private void read(int index, double[] values) {
    try {
      sensors.get(index).sensor().read(values);
    } catch (RuntimeException | LinkageError e) {
      Arrays.fill(values, Double.NaN);
      warnAtMostOncePerMinute(
          index,
          "sensor '{}' failed to read; its series miss this tick (logged at most once a minute)",
          sensors.get(index).name(),
          e);
    }
  }
}

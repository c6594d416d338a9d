package io.jouleflow.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static final long MILLI = 1_000_000;

  @Test
  void nIntervalsGiveNSamplesOnAbsoluteDeadlines() {
    SteppingClock clock = new SteppingClock(3 * MILLI);
    CountingSensor sensor = new CountingSensor(null);
    Sampler sampler = sampler(sensor, clock, 64);

    sampler.runTicks(50);

    assertThat(sampler.stats().ticks()).isEqualTo(50);
    assertThat(sampler.stats().samples()).isEqualTo(100);
    assertThat(sampler.stats().missedTicks()).isZero();
    assertThat(clock.tickTimes).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(clock.tickTimes.get(i)).isEqualTo(clock.start + i * 10 * MILLI);
    }
    RowBatch rows = sampler.ring().cursor().peek(new RowBatch());
    assertThat(rows.size()).isEqualTo(50);
    assertThat(rows.timestampMillis(49) - rows.timestampMillis(0)).isEqualTo(490);
  }

  @Test
  void aStallLongerThanAnIntervalSkipsAndCountsTheMissedDeadlines() {
    SteppingClock clock = new SteppingClock(0);
    CountingSensor sensor = new CountingSensor(clock);
    sensor.stallNanosOnRead = 35 * MILLI;
    sensor.stallOnRead = 3;
    Sampler sampler = sampler(sensor, clock, 64);

    sampler.runTicks(10);

    // Deadlines 0, 10, 20 ms; the third read ends at 55 ms, so 30 and 40 are skipped, 50 runs
    // late (at 55), then 60..90 on time: every deadline is either a tick or a counted miss.
    assertThat(sampler.stats().missedTicks()).isEqualTo(2);
    assertThat(sampler.stats().ticks()).isEqualTo(8);
    assertThat(clock.tickTimes)
        .containsExactly(
            0L, 10 * MILLI, 20 * MILLI, 55 * MILLI, 60 * MILLI, 70 * MILLI, 80 * MILLI, 90 * MILLI);
  }

  @Test
  void timestampsStrictlyAscendEvenWhenTwoTicksFallInOneMillisecond() {
    SteppingClock clock = new SteppingClock(0);
    Sampler sampler =
        new Sampler(
            List.of(new NamedSensor("count", "test", new CountingSensor(null))),
            16,
            Duration.ofNanos(300_000),
            clock);

    sampler.runTicks(7);

    RowBatch rows = sampler.ring().cursor().peek(new RowBatch());
    assertThat(rows.size()).isEqualTo(7);
    for (int row = 1; row < rows.size(); row++) {
      assertThat(rows.timestampMillis(row)).isGreaterThan(rows.timestampMillis(row - 1));
    }
  }

  @Test
  void aThrowingSensorLosesItsTickButTheOthersAreRecorded() {
    SteppingClock clock = new SteppingClock(0);
    CountingSensor good = new CountingSensor(null);
    CountingSensor bad = new CountingSensor(null);
    bad.throwOnRead = true;
    Sampler sampler =
        new Sampler(
            List.of(new NamedSensor("good", "test", good), new NamedSensor("bad", "test", bad)),
            16,
            Duration.ofMillis(10),
            clock);

    sampler.runTicks(3);

    RowBatch rows = sampler.ring().cursor().peek(new RowBatch());
    assertThat(rows.size()).isEqualTo(3);
    assertThat(rows.value(2, 0)).isEqualTo(3.0);
    assertThat(rows.value(2, 2)).isNaN();
    assertThat(sampler.stats().readErrors(0)).isZero();
    assertThat(sampler.stats().readErrors(1)).isEqualTo(6);
    assertThat(sampler.stats().samples()).isEqualTo(6);
  }

  @Test
  void aSeriesThatIsNotDueIsNeitherASampleNorAnError() {
    SteppingClock clock = new SteppingClock(0);
    ScheduledSensor slow =
        new ScheduledSensor() {
          int reads;

          @Override
          public List<Series> series() {
            return List.of(Series.energy("gpu", "gpu", "0"));
          }

          @Override
          public void read(double[] values) {
            values[0] = reads++ % 2 == 0 ? reads : ScheduledSensor.NOT_DUE;
          }

          @Override
          public void close() {}
        };
    Sampler sampler =
        new Sampler(
            List.of(new NamedSensor("gpu", "test", slow)), 16, Duration.ofMillis(10), clock);

    sampler.runTicks(4);

    assertThat(sampler.stats().samples()).isEqualTo(2);
    assertThat(sampler.stats().readErrors(0)).isZero();
  }

  private static Sampler sampler(CountingSensor sensor, SteppingClock clock, int rows) {
    return new Sampler(
        List.of(new NamedSensor("count", "test", sensor)), rows, Duration.ofMillis(10), clock);
  }

  /** Two series: the read count, and twice that. */
  private static final class CountingSensor implements ScheduledSensor {
    private final @Nullable SteppingClock clock;
    int reads;
    boolean throwOnRead;
    int stallOnRead = -1;
    long stallNanosOnRead;

    CountingSensor(@Nullable SteppingClock clock) {
      this.clock = clock;
    }

    @Override
    public List<Series> series() {
      return List.of(Series.energy("test", "package", "0"), Series.energy("test", "core", "0"));
    }

    @Override
    public void read(double[] values) {
      reads++;
      if (throwOnRead) {
        throw new IllegalStateException("broken sensor");
      }
      if (reads == stallOnRead && clock != null) {
        clock.now += stallNanosOnRead;
      }
      values[0] = reads;
      values[1] = reads * 2.0;
    }

    @Override
    public void close() {}
  }

  /** A clock that jumps to each deadline instead of sleeping. */
  private static final class SteppingClock implements Clock {
    final long start;
    long now;
    final List<Long> tickTimes = new ArrayList<>();

    SteppingClock(long start) {
      this.start = start;
      this.now = start;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public long wallMillis() {
      tickTimes.add(now);
      return 1_700_000_000_000L + now / MILLI;
    }

    @Override
    public void park(long nanos) {
      now += nanos;
    }
  }
}

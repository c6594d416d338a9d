package io.jouleflow.agent.plugin;

import static io.jouleflow.agent.plugin.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.api.Record;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginValidationTest {

  private static final long NOW = T0 + 60_000;

  private final SeriesRegistry registry = new SeriesRegistry(3);
  private final RecordValidator validator =
      new RecordValidator(
          registry,
          new RecordRing(64),
          "pyjoules_remote_write_energy_uj",
          "exec",
          Set.of(),
          LogLimiter.oncePerMinute(Clock.SYSTEM));
  private final PluginCounters counters = new PluginCounters();

  @Test
  void aValidRecordGetsTheIdOfItsSeries() {
    assertThat(accept(Records.at(0, 1))).isZero();
    assertThat(accept(Records.at(1, 2))).isZero();

    assertThat(registry.series(0)).isEqualTo(Series.of("test_metric", Map.of("device", "0")));
    assertThat(rejected()).allSatisfy((reason, count) -> assertThat(count).isZero());
  }

  @Test
  void anEmptyMetricIsTheDefaultMetricWithTheServiceLabelAsSource() {
    int withoutSource = accept(Records.of("", Map.of("domain", "package"), 1, T0));
    int withSource = accept(Records.of("", Map.of("source", "mine"), 1, T0));

    assertThat(registry.series(withoutSource))
        .isEqualTo(
            Series.of(
                "pyjoules_remote_write_energy_uj", Map.of("domain", "package", "source", "exec")));
    assertThat(registry.series(withSource))
        .isEqualTo(Series.of("pyjoules_remote_write_energy_uj", Map.of("source", "mine")));
  }

  @Test
  void invalidMetricNamesAreRejected() {
    assertThat(accept(Records.of("1st", Map.of(), 1, T0))).isNegative();
    assertThat(accept(Records.of("energy-joules", Map.of(), 1, T0))).isNegative();
    assertThat(accept(Records.of("énergie", Map.of(), 1, T0))).isNegative();

    assertThat(rejected()).containsEntry("invalid_metric", 3L);
    assertThat(registry.size()).isZero();
  }

  @Test
  void invalidReservedAndEmptyLabelsAreRejected() {
    assertThat(accept(Records.of("m", Map.of("__name__", "x"), 1, T0))).isNegative();
    assertThat(accept(Records.of("m", Map.of("bad-name", "x"), 1, T0))).isNegative();
    assertThat(accept(Records.of("m", Map.of("9lives", "x"), 1, T0))).isNegative();
    assertThat(accept(Records.of("m", Map.of("device", ""), 1, T0))).isNegative();

    assertThat(rejected()).containsEntry("invalid_label", 4L);
  }

  @Test
  void timestampsBefore2000OrMoreThanTenMinutesAheadAreRejected() {
    long tenMinutes = Duration.ofMinutes(10).toMillis();
    assertThat(accept(Records.of("m", Map.of(), 1, -5))).isNegative();
    assertThat(accept(Records.of("m", Map.of(), 1, 0))).isNegative();
    assertThat(accept(Records.of("m", Map.of(), 1, 946_684_799_999L))).isNegative();
    assertThat(accept(Records.of("m", Map.of(), 1, NOW + tenMinutes + 1))).isNegative();
    assertThat(accept(Records.of("m", Map.of(), 1, Long.MAX_VALUE))).isNegative();

    assertThat(accept(Records.of("m", Map.of(), 1, 946_684_800_000L))).isZero();
    assertThat(accept(Records.of("m", Map.of(), 1, NOW + tenMinutes))).isZero();
    assertThat(rejected()).containsEntry("invalid_timestamp", 5L);
  }

  @Test
  void aTimestampNotAfterTheLastStoredOfItsSeriesIsOutOfOrder() {
    Record other = Records.of("test_metric", Map.of("device", "1"), 1, T0 + 5);
    assertThat(accept(Records.at(10, 1))).isZero();
    assertThat(accept(Records.at(10, 2))).isNegative();
    assertThat(accept(Records.at(9, 3))).isNegative();
    assertThat(accept(other)).isOne();
    assertThat(accept(Records.at(11, 4))).isZero();

    assertThat(rejected()).containsEntry("out_of_order", 2L);
  }

  @Test
  void aRejectedRecordDoesNotMoveItsSeriesOn() {
    assertThat(accept(Records.at(10, 1))).isZero();
    assertThat(accept(Records.of("test_metric", Map.of("device", "0"), 1, Long.MAX_VALUE)))
        .isNegative();

    assertThat(accept(Records.at(11, 2))).isZero();
  }

  @Test
  void newSeriesBeyondTheLimitAreRejectedWhileKnownOnesGoOn() {
    for (int device = 0; device < 3; device++) {
      assertThat(accept(Records.of("m", Map.of("device", "" + device), 1, T0))).isEqualTo(device);
    }

    assertThat(accept(Records.of("m", Map.of("device", "3"), 1, T0))).isNegative();
    assertThat(accept(Records.of("m", Map.of("device", "2"), 1, T0 + 1))).isEqualTo(2);
    assertThat(rejected()).containsEntry("too_many_series", 1L);
  }

  @Test
  void nanAndInfiniteValuesAreValid() {
    assertThat(accept(Records.at(0, Double.NaN))).isZero();
    assertThat(accept(Records.at(1, Double.POSITIVE_INFINITY))).isZero();
  }

  @Test
  void aNullMetricIsAnInvalidMetric() {
    assertThat(accept(new Record(nullString(), Map.of(), 1, T0))).isNegative();

    assertThat(rejected()).contains(entry("invalid_metric", 1L));
  }

  private int accept(Record record) {
    return validator.store(record, "p", NOW, counters);
  }

  private Map<String, Long> rejected() {
    return counters.droppedByReason();
  }

  @SuppressWarnings("NullAway")
  private static String nullString() {
    return null;
  }
}

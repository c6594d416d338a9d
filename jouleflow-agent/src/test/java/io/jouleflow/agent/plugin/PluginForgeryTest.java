package io.jouleflow.agent.plugin;

import static io.jouleflow.agent.plugin.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.api.Record;
import io.jouleflow.api.Series;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plugin records cannot forge the agent's own series or make two families of one name. */
class PluginForgeryTest {

  private static final long NOW = T0 + 60_000;

  private final SeriesRegistry registry = new SeriesRegistry(100);
  private final RecordValidator validator =
      new RecordValidator(
          registry,
          new RecordRing(64),
          "pyjoules_remote_write_energy_uj",
          "exec",
          Set.of("jarsensor"),
          LogLimiter.oncePerMinute(new FakeClock()));
  private final PluginCounters counters = new PluginCounters();

  @Test
  void theJouleflowNamespaceIsTheAgents() {
    assertThat(accept("jouleflow_build_info", Map.of("version", "forged"))).isNegative();
    assertThat(accept("jouleflow_sampler_ticks_total", Map.of())).isNegative();
    assertThat(accept("jouleflow_energy_joules", Map.of("source", "mine"))).isNegative();

    assertThat(rejected()).containsEntry("reserved_metric", 3L);
    assertThat(registry.size()).isZero();
  }

  @Test
  void theBuiltInSensorsSeriesAreReservedButPluginsMayReportEnergyUnderTheirOwnSource() {
    for (String source : new String[] {"rapl", "msr", "nvml", "model"}) {
      assertThat(accept(Series.ENERGY_METRIC, Map.of("source", source, "device", "0")))
          .isNegative();
    }
    int own = accept(Series.ENERGY_METRIC, Map.of("source", "mine", "device", "0"));

    assertThat(own).isZero();
    assertThat(rejected()).containsEntry("reserved_series", 4L);
  }

  @Test
  void aPluginJarsScheduledSensorsSeriesAreReservedToo() {
    assertThat(accept(Series.energy("jarsensor", "package", "0"))).isNegative();
    assertThat(accept("jarsensor", Series.energy("jarsensor", "package", "0")))
        .as("even for a plugin of the same name")
        .isNegative();

    assertThat(rejected()).containsEntry("reserved_series", 2L);
    assertThat(registry.size()).isZero();
  }

  @Test
  void aPluginReportsEnergyOnlyUnderItsOwnNameNotAnotherPlugins() {
    int own = accept(Series.energy("mine", "package", "0"));
    assertThat(accept("other", Series.energy("mine", "package", "0")))
        .as("the same series, already known, from another plugin")
        .isNegative();
    assertThat(accept(Series.energy("other", "package", "0"))).isNegative();
    assertThat(accept(Series.ENERGY_METRIC, Map.of("domain", "package"))).isNegative();

    assertThat(own).isZero();
    assertThat(rejected()).containsEntry("reserved_series", 3L);
    assertThat(registry.size()).isOne();
  }

  @Test
  void aNameAndItsTotalCannotBothExistWhicheverComesFirst() {
    assertThat(accept("x", Map.of("a", "1"))).isZero();
    assertThat(accept("x_total", Map.of("a", "1"))).isNegative();
    assertThat(accept("y_total", Map.of())).isOne();
    assertThat(accept("y", Map.of("b", "2"))).isNegative();
    assertThat(accept("x", Map.of("a", "2"))).isEqualTo(2);

    assertThat(rejected()).containsEntry("family_conflict", 2L);
  }

  @Test
  void aRejectionIsLoggedOnceAMinutePerReason() {
    try (LogCapture log = new LogCapture()) {
      accept("jouleflow_build_info", Map.of());
      accept("jouleflow_up", Map.of());
      accept(Series.ENERGY_METRIC, Map.of("source", "rapl"));

      assertThat(log.text())
          .containsOnlyOnce("rejected (reserved_metric)")
          .contains("a plugin record named jouleflow_build_info was rejected (reserved_metric)")
          .contains("(reserved_series): its source 'rapl' is a scheduled sensor's");
    }
  }

  @Test
  void aForgedSourceIsLoggedOnceAMinuteNamingThePluginsOwn() {
    try (LogCapture log = new LogCapture()) {
      accept(Series.energy("other", "package", "0"));
      accept(Series.energy("jarsensor", "package", "0"));

      assertThat(log.text())
          .containsOnlyOnce("rejected (reserved_series)")
          .contains("its source 'other'; plugin 'mine' may report energy only under source 'mine'");
    }
    assertThat(rejected()).containsEntry("reserved_series", 2L);
  }

  /** Stores a record of plugin {@code mine}. */
  private int accept(String metric, Map<String, String> labels) {
    return accept("mine", Series.of(metric, labels));
  }

  private int accept(Series series) {
    return accept("mine", series);
  }

  private int accept(String plugin, Series series) {
    return validator.store(
        new Record(series.metric(), series.labels(), 1, T0), plugin, NOW, counters);
  }

  private Map<String, Long> rejected() {
    return counters.droppedByReason();
  }
}

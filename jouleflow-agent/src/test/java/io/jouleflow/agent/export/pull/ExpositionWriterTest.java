package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.api.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionWriterTest {

  private static final List<Series> COLUMNS =
      List.of(Series.energy("rapl", "package", "0"), Series.energy("rapl", "dram", "0"));

  private static final List<SelfMetric> SELF =
      List.of(
          SelfMetric.counter(
              "jouleflow_sampler_ticks", "Ticks taken.", List.of(SelfMetric.Point.of(3))),
          SelfMetric.gauge(
              "jouleflow_consumers",
              "Consumers.",
              List.of(new SelfMetric.Point(List.of("consumer", "a\"b"), 1))));

  @Test
  void openMetricsHasEverySampleWithSecondsTimestampsSeriesContiguousAndEof() {
    String text = write(ExpositionFormat.OPENMETRICS);

    assertThat(text)
        .isEqualTo(
            """
            # HELP jouleflow_energy_joules Energy used since the agent started, wrap-corrected, never decreasing.
            # TYPE jouleflow_energy_joules counter
            # UNIT jouleflow_energy_joules joules
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 0 1700000000.100
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 1.5 1700000000.200
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 3.000001 1700000001.005
            jouleflow_energy_joules_total{device="0",domain="dram",source="rapl"} 0 1700000000.100
            jouleflow_energy_joules_total{device="0",domain="dram",source="rapl"} 0.25 1700000001.005
            # HELP jouleflow_sampler_ticks Ticks taken.
            # TYPE jouleflow_sampler_ticks counter
            jouleflow_sampler_ticks_total 3
            # HELP jouleflow_consumers Consumers.
            # TYPE jouleflow_consumers gauge
            jouleflow_consumers{consumer="a\\"b"} 1
            # EOF
            """);
  }

  @Test
  void textFormatHasIntegerMillisecondTimestampsAndNoEof() {
    String text = write(ExpositionFormat.TEXT);

    assertThat(text)
        .isEqualTo(
            """
            # HELP jouleflow_energy_joules_total Energy used since the agent started, wrap-corrected, never decreasing.
            # TYPE jouleflow_energy_joules_total counter
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 0 1700000000100
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 1.5 1700000000200
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 3.000001 1700000001005
            jouleflow_energy_joules_total{device="0",domain="dram",source="rapl"} 0 1700000000100
            jouleflow_energy_joules_total{device="0",domain="dram",source="rapl"} 0.25 1700000001005
            # HELP jouleflow_sampler_ticks_total Ticks taken.
            # TYPE jouleflow_sampler_ticks_total counter
            jouleflow_sampler_ticks_total 3
            # HELP jouleflow_consumers Consumers.
            # TYPE jouleflow_consumers gauge
            jouleflow_consumers{consumer="a\\"b"} 1
            """);
  }

  @Test
  void anEmptyBatchStillDescribesTheFamilies() {
    SampleRing ring = new SampleRing(4, 2);
    AsciiBuffer out = new AsciiBuffer(64);
    new ExpositionWriter(new Feed(ring, COLUMNS, new RecordRing(1), new SeriesRegistry(1)))
        .write(ExpositionFormat.OPENMETRICS, all(ring, 0), List.of(), new Chunks(), out);
    assertThat(out.toString())
        .startsWith("# HELP jouleflow_energy_joules ")
        .doesNotContain("jouleflow_energy_joules_total{")
        .endsWith("# UNIT jouleflow_energy_joules joules\n# EOF\n");
  }

  @Test
  void pluginRecordsAreGroupedPerSeriesAndJoinTheEnergyFamily() {
    SampleRing ring = new SampleRing(4, 2);
    ring.append(1_700_000_000_100L, new double[] {1, 2});
    SeriesRegistry registry = new SeriesRegistry(8);
    RecordRing records = new RecordRing(16);
    int pyjoules =
        registry.idOf(
            Series.of(
                "pyjoules_remote_write_energy_uj", Map.of("source", "exec", "domain", "package")));
    int dummy = registry.idOf(Series.energy("dummy", "package", "0"));
    records.append(pyjoules, 1_700_000_000_000L, 10);
    records.append(dummy, 1_700_000_000_050L, 0.5);
    records.append(pyjoules, 1_700_000_000_200L, 20);
    records.append(dummy, 1_700_000_000_150L, 1.5);
    AsciiBuffer out = new AsciiBuffer(64);

    long samples =
        new ExpositionWriter(new Feed(ring, COLUMNS, records, registry))
            .write(
                ExpositionFormat.TEXT,
                all(ring, records.published() + 1),
                List.of(),
                new Chunks(),
                out)
            .samples();

    assertThat(samples).isEqualTo(6);
    assertThat(out.toString())
        .isEqualTo(
            """
            # HELP jouleflow_energy_joules_total Energy used since the agent started, wrap-corrected, never decreasing.
            # TYPE jouleflow_energy_joules_total counter
            jouleflow_energy_joules_total{device="0",domain="package",source="rapl"} 1 1700000000100
            jouleflow_energy_joules_total{device="0",domain="dram",source="rapl"} 2 1700000000100
            jouleflow_energy_joules_total{device="0",domain="package",source="dummy"} 0.5 1700000000050
            jouleflow_energy_joules_total{device="0",domain="package",source="dummy"} 1.5 1700000000150
            # HELP pyjoules_remote_write_energy_uj Samples of pyjoules_remote_write_energy_uj.
            # TYPE pyjoules_remote_write_energy_uj untyped
            pyjoules_remote_write_energy_uj{domain="package",source="exec"} 10 1700000000000
            pyjoules_remote_write_energy_uj{domain="package",source="exec"} 20 1700000000200
            """);
  }

  @Test
  void negotiatesOpenMetricsOnlyWhenTheScraperAcceptsIt() {
    String prometheus =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    assertThat(ExpositionFormat.negotiate(prometheus)).isEqualTo(ExpositionFormat.OPENMETRICS);
    assertThat(ExpositionFormat.negotiate("text/plain;version=0.0.4"))
        .isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate(null)).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text; q=0, text/plain"))
        .isEqualTo(ExpositionFormat.TEXT);
  }

  @Test
  void formatsValuesAndTimestampsAsPrometheusParsesThem() {
    AsciiBuffer out = new AsciiBuffer(8);
    out.appendValue(12345.678901).append(' ').appendValue(7).append(' ').appendValue(1e20);
    out.append(' ').appendValue(Double.POSITIVE_INFINITY).append(' ').appendMillisAsSeconds(5);
    assertThat(out.toString()).isEqualTo("12345.678901 7 1.0E20 +Inf 0.005");
  }

  private static String write(ExpositionFormat format) {
    SampleRing ring = new SampleRing(8, 2);
    ring.append(1_700_000_000_100L, new double[] {0, 0});
    ring.append(1_700_000_000_200L, new double[] {1.5, Double.NaN});
    ring.append(1_700_000_001_005L, new double[] {3.000001, 0.25});
    AsciiBuffer out = new AsciiBuffer(64);
    new ExpositionWriter(new Feed(ring, COLUMNS, new RecordRing(1), new SeriesRegistry(1)))
        .write(format, all(ring, 0), SELF, new Chunks(), out);
    return out.toString();
  }

  /** Every row of {@code ring} and the first {@code records} records. */
  static ScrapeRange all(SampleRing ring, long records) {
    return new ScrapeRange(0, ring.published() + 1, 0, records);
  }
}

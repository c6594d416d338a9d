package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.sampling.RingCursor;
import io.jouleflow.agent.sampling.RowBatch;
import io.jouleflow.agent.sampling.SampleRing;
import io.jouleflow.api.Series;
import java.util.List;
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
    new ExpositionWriter(COLUMNS)
        .write(
            ExpositionFormat.OPENMETRICS,
            new RingCursor<>(ring).peek(new RowBatch()),
            List.of(),
            out);
    assertThat(out.toString())
        .startsWith("# HELP jouleflow_energy_joules ")
        .doesNotContain("jouleflow_energy_joules_total{")
        .endsWith("# UNIT jouleflow_energy_joules joules\n# EOF\n");
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
    new ExpositionWriter(COLUMNS)
        .write(format, new RingCursor<>(ring).peek(new RowBatch()), SELF, out);
    return out.toString();
  }
}

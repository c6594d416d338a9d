package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.api.Series;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command's share, interval by interval, by E × Δcpu / (N_cpu × Δt). */
class CommandShareTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void twoIntervalsGiveTheSumOfTheirShares() {
    CommandShare share = new CommandShare(2);
    share.mark(new double[] {100}, 0, 0);
    // 1 s on 2 CPUs, 0.5 CPU s: a quarter of 10 J
    share.mark(new double[] {110}, SECOND / 2, SECOND);
    // 2 s on 2 CPUs, 2 CPU s: half of 30 J
    share.mark(new double[] {140}, SECOND / 2 + 2 * SECOND, 3 * SECOND);

    assertThat(share.commandJoules(0)).isCloseTo(2.5 + 15, within(1e-12));
    assertThat(share.cpuSeconds()).isEqualTo(2.5);
  }

  @Test
  void aMissingReadingCarriesItsIntervalToTheNextReading() {
    CommandShare share = new CommandShare(2);
    share.mark(new double[] {100, 0}, 0, 0);
    share.mark(new double[] {Double.NaN, 10}, SECOND / 2, SECOND);
    share.mark(new double[] {140, 40}, 3 * SECOND, 4 * SECOND);

    // one interval of 4 s on 2 CPUs with 3 CPU s: 3/8 of 40 J
    assertThat(share.commandJoules(0)).isCloseTo(15, within(1e-12));
    // 1/4 of 10 J, then 2.5/6 of 30 J
    assertThat(share.commandJoules(1)).isCloseTo(2.5 + 12.5, within(1e-12));
  }

  @Test
  void cpuTimeBeyondAllCpusTakesTheWholeInterval() {
    CommandShare share = new CommandShare(1);
    share.mark(new double[] {0}, 0, 0);
    share.mark(new double[] {7}, 2 * SECOND, SECOND);

    assertThat(share.commandJoules(0)).isEqualTo(7);
  }

  @Test
  void fewerThanTwoReadingsHaveNoShare() {
    CommandShare share = new CommandShare(4);
    share.mark(new double[] {1, Double.NaN}, 0, 0);
    share.mark(new double[] {Double.NaN, 3}, SECOND, SECOND);

    assertThat(share.commandJoules(0)).isNaN();
    assertThat(share.commandJoules(1)).isNaN();
    assertThat(share.cpuSeconds()).isEqualTo(1);
  }

  @Test
  void onlyTheCpuSideEnergyDomainsAreSplit() {
    assertThat(CommandShare.splits(energy("rapl", "package"))).isTrue();
    assertThat(CommandShare.splits(energy("model", "package"))).isTrue();
    assertThat(CommandShare.splits(energy("msr", "dram"))).isTrue();
    assertThat(CommandShare.splits(energy("nvml", "gpu"))).isFalse();
    assertThat(
            CommandShare.splits(
                Series.of("example_joules_total", Map.of("domain", "package", "source", "x"))))
        .isFalse();
  }

  static Series energy(String source, String domain) {
    return Series.of(
        "jouleflow_energy_joules_total", Map.of("source", source, "domain", domain, "device", "0"));
  }
}

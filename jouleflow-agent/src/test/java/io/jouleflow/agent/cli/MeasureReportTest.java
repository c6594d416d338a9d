package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.api.Series;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The report of {@code jouleflow measure} from known readings: package and core split (core left
 * out of the total), a GPU not split; with and without the command's cgroup.
 */
class MeasureReportTest {

  private static final long SECOND = 1_000_000_000L;
  private static final List<Series> SERIES =
      List.of(
          CommandShareTest.energy("rapl", "package"),
          CommandShareTest.energy("rapl", "core"),
          CommandShareTest.energy("nvml", "gpu"));
  private static final double[] BEFORE = {100, 50, 1000};
  private static final double[] AFTER = {140, 60, 1200};

  @Test
  void theCommandsShareOfEachCpuSideDomainAndItsCpuSeconds() {
    MeasureReport report = report(share());

    assertThat(report.domains())
        .extracting(MeasureReport.Domain::joules)
        .containsExactly(40.0, 10.0, 200.0);
    assertThat(report.domains())
        .extracting(MeasureReport.Domain::commandJoules)
        .containsExactly(10.0, 2.5, Double.NaN);
    assertThat(report.cpuSeconds()).isEqualTo(1.0);
    assertThat(report.total().joules()).isEqualTo(240.0);
    assertThat(report.total().commandJoules()).isEqualTo(10.0);
  }

  @Test
  void textHasTheWindowTheWattsAreOverACommandJoulesColumnAndATotal() {
    assertThat(report(share()).render(MeasureReport.Format.TEXT))
        .isEqualTo(
            """
            jouleflow measure: stress -c 1 exited with status 0 after 1.900 s
            the command used 1.000 CPU seconds; command_joules is its share of the machine's \
            energy by E x cpu / (CPUs x time), per interval
            source   domain   device        joules  window_seconds       watts  command_joules
            rapl     package  0             40.000           2.000      20.000          10.000
            rapl     core     0             10.000           2.000       5.000           2.500
            nvml     gpu      0            200.000           2.000     100.000               -
            total                          240.000           2.000     120.000          10.000
            watts = joules / window_seconds: from the reading just before the command to the one \
            after it
            """);
  }

  @Test
  void wattsAreJoulesOverTheWindowShownNotOverTheCommandsWallTime() {
    // 18.499 J between readings 1.022 s apart, for a command that ran 1.015 s
    SampleRing ring = new SampleRing(4, 1);
    ring.append(10_000, new double[] {100});
    RowBatch before = ring.copyLatest(1, new RowBatch());
    ring.append(11_022, new double[] {118.499});
    RowBatch all = ring.copyLatest(ring.capacity(), new RowBatch());
    MeasureReport report =
        MeasureReport.of(List.of("x"), SERIES.subList(0, 1), before, all, 1.015, 0, null);

    assertThat(report.render(MeasureReport.Format.TEXT))
        .contains("after 1.015 s\n")
        .containsPattern("rapl +package +0 +18\\.499 +1\\.022 +18\\.101\n");
    assertThat(report.render(MeasureReport.Format.JSON))
        .contains("\"joules\":18.499,\"window_seconds\":1.022,\"watts\":18.101}");
    assertThat(report.render(MeasureReport.Format.CSV))
        .contains("rapl,package,0,18.499,1.022,18.101,,1.015,0,\n");
  }

  @Test
  void figuresAreRoundedToThreeDecimalsWithoutFloatNoiseInEveryFormat() {
    SampleRing ring = new SampleRing(4, 1);
    ring.append(1_000, new double[] {0.1});
    RowBatch before = ring.copyLatest(1, new RowBatch());
    ring.append(2_003, new double[] {0.1 + 40.160000000000004});
    RowBatch all = ring.copyLatest(ring.capacity(), new RowBatch());
    MeasureReport report =
        MeasureReport.of(List.of("x"), SERIES.subList(0, 1), before, all, 1.0004, 0, null);

    for (MeasureReport.Format format : MeasureReport.Format.values()) {
      assertThat(report.render(format))
          .as(format.name())
          .contains("40.160")
          .contains("1.003")
          .contains("40.040")
          .doesNotContainPattern("[0-9]\\.[0-9]{4}");
    }
  }

  @Test
  void theCommandIsShownAsAShellWouldTakeIt() {
    MeasureReport report =
        new MeasureReport(
            List.of("sh", "-c", "echo \"a b\"; it's $HOME", "", "x=1,y.z/-@%+:"),
            1.0,
            0,
            List.of(),
            false,
            Double.NaN);
    assertThat(report.render(MeasureReport.Format.TEXT))
        .startsWith(
            "jouleflow measure: sh -c 'echo \"a b\"; it'\\''s $HOME' '' x=1,y.z/-@%+: exited with"
                + " status 0 after 1.000 s\n");
  }

  @Test
  void jsonHasTheSameFiguresCpuSecondsOnceAndATotal() {
    assertThat(report(share()).render(MeasureReport.Format.JSON))
        .isEqualTo(
            "{\"command\":[\"stress\",\"-c\",\"1\"],\"exit_code\":0,\"duration_seconds\":1.900,"
                + "\"cpu_seconds\":1.000,\"domains\":["
                + "{\"device\":\"0\",\"domain\":\"package\",\"source\":\"rapl\",\"joules\":40.000,"
                + "\"window_seconds\":2.000,\"watts\":20.000,\"command_joules\":10.000},"
                + "{\"device\":\"0\",\"domain\":\"core\",\"source\":\"rapl\",\"joules\":10.000,"
                + "\"window_seconds\":2.000,\"watts\":5.000,\"command_joules\":2.500},"
                + "{\"device\":\"0\",\"domain\":\"gpu\",\"source\":\"nvml\",\"joules\":200.000,"
                + "\"window_seconds\":2.000,\"watts\":100.000,\"command_joules\":null}],"
                + "\"total\":{\"joules\":240.000,\"window_seconds\":2.000,\"watts\":120.000,"
                + "\"command_joules\":10.000}}\n");
  }

  @Test
  void csvHasTheSameFiguresAndATotalRow() {
    assertThat(report(share()).render(MeasureReport.Format.CSV))
        .isEqualTo(
            """
            source,domain,device,joules,window_seconds,watts,command_joules,duration_seconds,\
            exit_code,cpu_seconds
            rapl,package,0,40.000,2.000,20.000,10.000,1.900,0,1.000
            rapl,core,0,10.000,2.000,5.000,2.500,1.900,0,1.000
            nvml,gpu,0,200.000,2.000,100.000,,1.900,0,1.000
            total,,,240.000,2.000,120.000,10.000,1.900,0,1.000
            """);
  }

  @Test
  void withoutACgroupTheReportHasTheMachinesEnergyOnly() {
    MeasureReport report = report(null);

    assertThat(report.render(MeasureReport.Format.TEXT))
        .isEqualTo(
            """
            jouleflow measure: stress -c 1 exited with status 0 after 1.900 s
            the machine's energy only: the command ran without a cgroup of its own
            source   domain   device        joules  window_seconds       watts
            rapl     package  0             40.000           2.000      20.000
            rapl     core     0             10.000           2.000       5.000
            nvml     gpu      0            200.000           2.000     100.000
            total                          240.000           2.000     120.000
            watts = joules / window_seconds: from the reading just before the command to the one \
            after it
            """);
    assertThat(report.render(MeasureReport.Format.JSON))
        .doesNotContain("command_joules")
        .doesNotContain("cpu_seconds")
        .endsWith("\"total\":{\"joules\":240.000,\"window_seconds\":2.000,\"watts\":120.000}}\n");
    assertThat(report.render(MeasureReport.Format.CSV))
        .contains("rapl,package,0,40.000,2.000,20.000,,1.900,0,\n")
        .endsWith("total,,,240.000,2.000,120.000,,1.900,0,\n");
  }

  /** Two CPUs, 2 s, 1 CPU second: the command's share is a quarter. */
  private static CommandShare share() {
    CommandShare share = new CommandShare(2);
    share.mark(BEFORE, 0, 0);
    share.mark(AFTER, SECOND, 2 * SECOND);
    return share;
  }

  private static MeasureReport report(@Nullable CommandShare share) {
    SampleRing ring = new SampleRing(4, SERIES.size());
    ring.append(1_000, BEFORE);
    RowBatch before = ring.copyLatest(1, new RowBatch());
    ring.append(3_000, AFTER);
    RowBatch all = ring.copyLatest(ring.capacity(), new RowBatch());
    return MeasureReport.of(List.of("stress", "-c", "1"), SERIES, before, all, 1.9, 0, share);
  }
}

package io.jouleflow.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line run in-process, as {@code Main} runs it: every argument mistake is one line on
 * standard error naming the mistake and what is accepted, with exit status 2 and nothing on
 * standard output; help is short and per subcommand.
 */
class CommandLineRunnerTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "unknown option",
            new String[] {"--bogus"},
            "jouleflow: unknown option '--bogus'; accepted: every setting's flag (jouleflow --help"
                + " lists them), --help-settings, --help, --version"),
        Arguments.of(
            "misspelt setting flag",
            new String[] {"--scrape-intervall", "1"},
            "jouleflow: unknown option '--scrape-intervall'; accepted: every setting's flag"
                + " (jouleflow --help lists them), --help-settings, --help, --version"),
        Arguments.of(
            "missing value",
            new String[] {"--exporter-port"},
            "jouleflow: option '--exporter-port' needs a value (EXPORTER_PORT); accepted: 0..65535"
                + " (0 picks a free port)"),
        Arguments.of(
            "bad value",
            new String[] {"--exporter-port", "70000"},
            "jouleflow: EXPORTER_PORT (from command line) is '70000'; accepted: 0..65535 (0 picks"
                + " a free port)"),
        Arguments.of(
            "option twice",
            new String[] {"--exporter-port", "1", "--exporter-port", "2"},
            "jouleflow: option '--exporter-port' is given twice; accepted: once"),
        Arguments.of(
            "unknown subcommand",
            new String[] {"sensor"},
            "jouleflow: unknown subcommand 'sensor'; accepted: sensors, measure, help, or none to"
                + " run the agent (did you mean sensors?)"),
        Arguments.of(
            "extra positional arguments",
            new String[] {"run", "now"},
            "jouleflow: unknown subcommand 'run'; accepted: sensors, measure, help, or none to run"
                + " the agent"),
        Arguments.of(
            "extra word after --version",
            new String[] {"--version", "now"},
            "jouleflow: unknown subcommand 'now'; accepted: sensors, measure, help, or none to run"
                + " the agent"),
        Arguments.of(
            "unknown option beside --help",
            new String[] {"measure", "--help", "--verbose"},
            "jouleflow measure: unknown option '--verbose'; accepted: the flags of the settings it"
                + " reads (jouleflow measure --help), --format, --output, --help, then -- COMMAND"
                + " [ARG...]"),
        Arguments.of(
            "argument to sensors",
            new String[] {"sensors", "rapl"},
            "jouleflow sensors: unexpected argument 'rapl'; sensors takes none"),
        Arguments.of(
            "agent setting given to sensors",
            new String[] {"sensors", "--exporter-port", "1"},
            "jouleflow sensors: unknown option '--exporter-port'; accepted: the flags of the"
                + " settings it reads (jouleflow sensors --help), --help"),
        Arguments.of(
            "measure without a command",
            new String[] {"measure"},
            "jouleflow measure: needs a command; accepted: " + CliSpec.MEASURE_USAGE),
        Arguments.of(
            "measure with -- but no command",
            new String[] {"measure", "--format", "json", "--"},
            "jouleflow measure: needs a command; accepted: " + CliSpec.MEASURE_USAGE),
        Arguments.of(
            "measure with an unknown option",
            new String[] {"measure", "--verbose", "--", "true"},
            "jouleflow measure: unknown option '--verbose'; accepted: the flags of the settings it"
                + " reads (jouleflow measure --help), --format, --output, --help, then -- COMMAND"
                + " [ARG...]"),
        Arguments.of(
            "bad --format",
            new String[] {"measure", "--format", "xml", "--", "true"},
            "jouleflow measure: --format is 'xml'; accepted: text, json or csv"),
        Arguments.of(
            "--format without a value",
            new String[] {"measure", "--format"},
            "jouleflow measure: option '--format' needs a value; accepted: text, json or csv"),
        Arguments.of(
            "--output without a value",
            new String[] {"measure", "--output"},
            "jouleflow measure: option '--output' needs a value; accepted: a file to write"),
        Arguments.of(
            "--output a folder",
            new String[] {"measure", "--output", "/", "--", "true"},
            "jouleflow measure: --output '/' cannot be written: it is a folder; accepted: a file"
                + " in an existing folder this user can write"),
        Arguments.of(
            "--output in a missing folder",
            new String[] {"measure", "--output", "/no/such/folder/r.json", "--", "true"},
            "jouleflow measure: --output '/no/such/folder/r.json' cannot be written: its folder"
                + " does not exist; accepted: a file in an existing folder this user can write"),
        Arguments.of(
            "help for an unknown subcommand",
            new String[] {"help", "bogus"},
            "jouleflow help: unknown subcommand 'bogus'; accepted: one of sensors, measure, help,"
                + " or none for the agent's help"),
        Arguments.of(
            "help for two subcommands",
            new String[] {"help", "measure", "sensors"},
            "jouleflow help: unexpected argument 'sensors'; accepted: one of sensors, measure,"
                + " help, or none for the agent's help"),
        Arguments.of(
            "a subcommand after --",
            new String[] {"--", "measure", "true"},
            "jouleflow: 'measure' after '--' is not taken as a subcommand: '--' ends the options,"
                + " and only measure takes it, before its command; accepted: "
                + CliSpec.MEASURE_USAGE),
        Arguments.of(
            "a subcommand after -- and a setting",
            new String[] {"--sensors", "model", "--", "sensors"},
            "jouleflow: 'sensors' after '--' is not taken as a subcommand: '--' ends the options,"
                + " and only measure takes it, before its command; accepted: jouleflow sensors"),
        Arguments.of(
            "help after --",
            new String[] {"help", "--", "measure", "x"},
            "jouleflow help: unexpected argument 'x'; accepted: one of sensors, measure, help, or"
                + " none for the agent's help"),
        Arguments.of(
            "a sensor that cannot run, for measure",
            new String[] {"measure", "--sensors=rapl", "--sysfs-path=/proc", "--", "true"},
            "jouleflow measure: SENSORS=rapl cannot run: no powercap directory"
                + " /proc/class/powercap:"
                + " this machine exposes no RAPL energy counters (VM, unsupported CPU, or a"
                + " container that hides /sys/devices/virtual/powercap)"),
        Arguments.of(
            "a bad setting, for measure",
            new String[] {"measure", "--scrape-interval-seconds=fast", "--", "true"},
            "jouleflow measure: SCRAPE_INTERVAL_SECONDS (from command line) is 'fast'; accepted: a"
                + " number of seconds in 0.001..3600"),
        Arguments.of(
            "unknown option to help",
            new String[] {"help", "--all"},
            "jouleflow help: unknown option '--all'; accepted: --help"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void anArgumentMistakeIsOneLineWithWhatIsAcceptedAndStatusTwo(
      String mistake, String[] args, String line) {
    assertThat(run(Map.of("SENSORS", "model"), args)).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(line + "\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadEnvironmentValueIsOneLineAndStatusTwo() {
    assertThat(run(Map.of("SCRAPE_INTERVAL_SECONDS", "fast"))).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jouleflow: SCRAPE_INTERVAL_SECONDS (from environment) is 'fast'; accepted: a number"
                + " of seconds in 0.001..3600\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aForcedSensorThatCannotRunIsOneLineAndStatusTwo() {
    assertThat(run(Map.of("SENSORS", "rapl", "SYSFS_PATH", "/tmp", "EXPORTER_PORT", "0")))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("jouleflow: SENSORS=rapl cannot run: ").hasLineCount(1);
  }

  @Test
  void helpNamesEverySettingsFlagByGroupInFewLines() {
    assertThat(run(Map.of(), "--help")).isZero();
    for (Setting setting : Setting.values()) {
      assertThat(out.toString()).containsPattern(Pattern.quote(setting.flag()) + "[,\n ]");
    }
    assertThat(out.toString())
        .contains("  HTTP server:  --exporter-port, --exporter-address, --web-config-file")
        .contains("jouleflow --help-settings")
        .contains("  measure  Run a command and report the energy it took.")
        .contains("  help     ");
    assertThat(out.toString().lines().count()).isLessThan(45);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void helpSettingsDescribesEverySettingWithItsDefault() {
    assertThat(run(Map.of(), "--help-settings")).isZero();
    for (Setting setting : Setting.values()) {
      assertThat(out.toString())
          .contains(setting.flag())
          .containsPattern("=" + setting.name() + "[\n ]");
    }
    assertThat(out.toString()).contains("Default: 9092.").contains("Default: 0.1.");
  }

  @Test
  void theHelpSubcommandShowsTheAgentsOrASubcommandsHelp() {
    assertThat(run(Map.of(), "help")).isZero();
    String agent = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(agent).isEqualTo(out.toString());
    out.getBuffer().setLength(0);
    assertThat(run(Map.of(), "help", "measure")).isZero();
    String measure = out.toString();
    assertThat(measure).startsWith("Run a command and report the energy it took.\nUsage:");
    out.getBuffer().setLength(0);
    assertThat(run(Map.of(), "--help", "measure")).isZero();
    assertThat(out.toString()).isEqualTo(measure);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void subcommandHelpShowsItsOwnOptionsAndNamesTheSettingsItReads() {
    assertThat(run(Map.of(), "measure", "--help")).isZero();
    String measure = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run(Map.of(), "sensors", "--help")).isZero();
    String sensors = out.toString();

    assertThat(measure)
        .contains("--format=FORMAT", "--output=FILE", "-h, --help")
        .contains("SENSORS", "SYSFS_PATH", "SCRAPE_INTERVAL_SECONDS", "from the environment")
        .doesNotContain("--exporter-port", "--remote-write-url", "--sysfs-path=");
    assertThat(sensors)
        .contains("-h, --help", "SENSORS", "SYSFS_PATH", "PLUGINS_DIR", "EXEC_COMMAND")
        .doesNotContain("--exporter-port", "--format");
    assertThat(measure.lines().count()).isLessThan(25);
    assertThat(sensors.lines().count()).isLessThan(20);
  }

  @Test
  void settingsFlagsStillWorkForTheSubcommandsThatReadThem() {
    assertThat(run(Map.of(), "sensors", "--sensors", "model", "--attribution-level", "off"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("SENSORS=auto runs: ")
        .contains("attribution: off (ATTRIBUTION_LEVEL=off)");
  }

  private int run(Map<String, String> environment, String... args) {
    return new CommandLineRunner(
            environment, new PrintWriter(out, true), new PrintWriter(err, true))
        .run(args);
  }
}

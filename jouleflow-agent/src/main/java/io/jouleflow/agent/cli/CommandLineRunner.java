package io.jouleflow.agent.cli;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.assembly.StartupException;
import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsException;
import io.jouleflow.agent.config.SettingsLoader;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Parses the command line, loads the settings and runs what was asked: the agent until SIGTERM or
 * SIGINT (exit 0; SIGHUP is logged and ignored), {@code sensors} (what this machine can measure) or
 * {@code measure -- CMD} (the command's energy; exits with its status). A wrong setting or a sensor
 * that was asked for but cannot run exits 2.
 */
final class CommandLineRunner {

  static final int USAGE = 2;

  private final Map<String, String> environment;
  private final PrintWriter out;
  private final PrintWriter err;

  CommandLineRunner(Map<String, String> environment, PrintWriter out, PrintWriter err) {
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    CommandLine commandLine = new CommandLine(spec());
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("jouleflow: " + e.getMessage() + "; see jouleflow --help");
      return USAGE;
    }
    ParseResult command = parsed.subcommand() == null ? parsed : parsed.subcommand();
    if (command.isUsageHelpRequested()) {
      command.commandSpec().commandLine().usage(out);
      return 0;
    }
    if (parsed.isVersionHelpRequested()) {
      out.println("jouleflow " + Version.current());
      return 0;
    }
    String name = command.commandSpec().name();
    Settings settings;
    try {
      settings = SettingsLoader.load(environment, flags(command));
    } catch (SettingsException e) {
      err.println("jouleflow: " + e.getMessage());
      return USAGE;
    }
    boolean quiet =
        !name.equals("jouleflow")
            && !environment.containsKey("LOG_LEVEL")
            && !command.hasMatchedOption(Setting.LOG_LEVEL.flag());
    Logging.configure(quiet ? "warn" : settings.logLevel());
    try {
      return switch (name) {
        case "sensors" -> new SensorsCommand(settings, out).run();
        case "measure" -> measure(settings, command);
        default -> runAgent(settings);
      };
    } catch (StartupException e) {
      err.println("jouleflow: " + e.getMessage());
      return USAGE;
    }
  }

  private int measure(Settings settings, ParseResult command) throws StartupException {
    String format = command.matchedOptionValue("--format", "text");
    if (!List.of("text", "json", "csv").contains(format)) {
      err.println("jouleflow: --format is '" + format + "'; accepted: text, json or csv");
      return USAGE;
    }
    List<String> argv = command.matchedPositionalValue(0, List.<String>of());
    if (argv.isEmpty()) {
      err.println(
          "jouleflow: measure needs a command: jouleflow measure [--format FORMAT] [--output FILE]"
              + " -- COMMAND [ARG...]");
      return USAGE;
    }
    return new MeasureCommand(settings, err)
        .run(
            argv,
            MeasureReport.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT)),
            command.matchedOptionValue("--output", ""));
  }

  private int runAgent(Settings settings) throws StartupException {
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    Signals.onHangup(
        () ->
            Logging.logger(CommandLineRunner.class)
                .info(
                    "SIGHUP ignored: settings are read at start-up; restart to apply; the web"
                        + " config file is re-read on each connection"));
    try (Agent agent = Agent.start(settings, Version.current())) {
      stop.await();
      Logging.logger(CommandLineRunner.class).info("stopping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static Map<Setting, String> flags(ParseResult parsed) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      if (parsed.hasMatchedOption(setting.flag())) {
        flags.put(setting, parsed.matchedOptionValue(setting.flag(), ""));
      }
    }
    return flags;
  }

  static CommandSpec spec() {
    CommandSpec root =
        withSettings(
            CommandSpec.create().name("jouleflow"),
            "Samples energy counters (RAPL, MSR, NVIDIA GPUs, plugins; else a CPU-utilisation"
                + " estimate) and serves every sample with its own timestamp on /metrics, or"
                + " pushes it by remote write.");
    root.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print the version.")
            .build());
    root.addSubcommand(
        "sensors",
        withSettings(
            CommandSpec.create().name("sensors"),
            "Lists the sensors installed, whether each can run on this machine (and why not),"
                + " the domains each would export, and whether energy per workload can be"
                + " attributed here (and why not)."));
    CommandSpec measure =
        withSettings(
            CommandSpec.create().name("measure"),
            "Runs COMMAND in a cgroup of its own, samples every available sensor for its whole"
                + " life, then prints per domain the joules and average watts and the command's"
                + " share of them by its CPU time, the command's CPU seconds, the wall time and"
                + " the exit status (to standard error, or --output). Where no cgroup can be made,"
                + " one line says why and the machine's energy only is reported. Exits with the"
                + " command's status.");
    measure.addOption(
        OptionSpec.builder("--format")
            .paramLabel("FORMAT")
            .type(String.class)
            .description("Report format: text, json or csv. Default: text.")
            .build());
    measure.addOption(
        OptionSpec.builder("--output")
            .paramLabel("FILE")
            .type(String.class)
            .description("Write the report to FILE instead of standard error.")
            .build());
    measure.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("COMMAND")
            .arity("1..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("The command and its arguments, after --.")
            .build());
    measure.parser().stopAtPositional(true);
    root.addSubcommand("measure", measure);
    return root;
  }

  private static CommandSpec withSettings(CommandSpec spec, String description) {
    spec.usageMessage()
        .description(
            description,
            "Each setting is also read from the environment variable of the same name in capitals"
                + " (e.g. EXPORTER_PORT) and from CONFIG_FILE; flags win over the environment,"
                + " which wins over the file.")
        .sortOptions(false);
    for (Setting setting : Setting.values()) {
      spec.addOption(
          OptionSpec.builder(setting.flags())
              .paramLabel(setting.name())
              .type(String.class)
              .description(
                  setting.description()
                      + " Accepted: "
                      + setting.accepted()
                      + "."
                      + (setting.defaultValue().isEmpty()
                          ? ""
                          : " Default: " + setting.defaultValue() + "."))
              .build());
    }
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help.").build());
    return spec;
  }
}

package io.jouleflow.agent.cli;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.assembly.StartupException;
import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsException;
import io.jouleflow.agent.config.SettingsLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
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
    CommandLine commandLine = new CommandLine(CliSpec.root());
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
      if (parsed.subcommand() != null && parsed.subcommand().commandSpec().name().equals("help")) {
        return help(parsed.subcommand());
      }
    } catch (CommandLine.ParameterException e) {
      err.println(UsageError.line(e));
      return USAGE;
    }
    ParseResult command = parsed.subcommand() == null ? parsed : parsed.subcommand();
    // With --help or --version picocli sets an extra word or unknown option aside: still a mistake.
    for (ParseResult one : List.of(parsed, command)) {
      if (!one.unmatched().isEmpty()) {
        err.println(
            UsageError.line(
                new CommandLine.UnmatchedArgumentException(
                    one.commandSpec().commandLine(), one.unmatched())));
        return USAGE;
      }
    }
    if (parsed.hasMatchedOption(CliSpec.HELP_SETTINGS)) {
      out.print(CliSpec.settingsHelp());
      out.flush();
      return 0;
    }
    if (command.isUsageHelpRequested() || parsed.isUsageHelpRequested()) {
      command.commandSpec().commandLine().usage(out);
      return 0;
    }
    if (parsed.isVersionHelpRequested()) {
      out.println("jouleflow " + Version.current());
      return 0;
    }
    String name = command.commandSpec().name();
    String prefix = command.commandSpec().qualifiedName() + ": ";
    Map<Setting, String> flags = flags(parsed);
    flags.putAll(flags(command));
    Settings settings;
    try {
      settings = SettingsLoader.load(environment, flags);
    } catch (SettingsException e) {
      err.println(prefix + e.getMessage());
      return USAGE;
    }
    boolean quiet =
        !name.equals("jouleflow")
            && !environment.containsKey("LOG_LEVEL")
            && !flags.containsKey(Setting.LOG_LEVEL);
    Logging.configure(quiet ? "warn" : settings.logLevel());
    try {
      return switch (name) {
        case "sensors" -> new SensorsCommand(settings, out).run();
        case "measure" -> measure(settings, command);
        default -> runAgent(settings);
      };
    } catch (StartupException e) {
      err.println(prefix + e.getMessage());
      return USAGE;
    }
  }

  /** {@code jouleflow help [SUBCOMMAND]}: picocli's help command, to {@link #out}. */
  private int help(ParseResult help) {
    if (help.isUsageHelpRequested()) {
      help.commandSpec().commandLine().usage(out);
      return 0;
    }
    PositionalParamSpec matched = help.matchedPositional(0);
    List<String> names = new ArrayList<>();
    if (matched != null) {
      names.addAll(matched.stringValues());
    }
    names.addAll(help.unmatched());
    Optional<String> mistake = UsageError.helpMistake(help.commandSpec(), names);
    if (mistake.isPresent()) {
      err.println(mistake.get());
      return USAGE;
    }
    CommandSpec root = Objects.requireNonNull(help.commandSpec().parent());
    CommandLine shown =
        names.isEmpty()
            ? root.commandLine()
            : Objects.requireNonNull(root.subcommands().get(names.getFirst()));
    shown.usage(out, CommandLine.Help.Ansi.OFF);
    out.flush();
    return 0;
  }

  private int measure(Settings settings, ParseResult command) throws StartupException {
    String format = command.matchedOptionValue("--format", "text");
    if (!List.of("text", "json", "csv").contains(format)) {
      err.println("jouleflow measure: --format is '" + format + "'; accepted: text, json or csv");
      return USAGE;
    }
    List<String> argv = command.matchedPositionalValue(0, List.<String>of());
    if (argv.isEmpty()) {
      err.println("jouleflow measure: needs a command; accepted: " + CliSpec.MEASURE_USAGE);
      return USAGE;
    }
    String output = command.matchedOptionValue("--output", "");
    if (command.hasMatchedOption("--output")) {
      String why = MeasureCommand.whyNotWritable(output);
      if (!why.isEmpty()) {
        err.println(
            "jouleflow measure: --output '"
                + output
                + "' cannot be written: "
                + why
                + "; accepted: a file in an existing folder this user can write");
        return USAGE;
      }
    }
    return new MeasureCommand(settings, err)
        .run(argv, MeasureReport.Format.valueOf(format.toUpperCase(Locale.ROOT)), output);
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
}

package io.jouleflow.agent.cli;

import io.jouleflow.agent.Agent;
import io.jouleflow.agent.StartupException;
import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsException;
import io.jouleflow.agent.config.SettingsLoader;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Parses the command line, loads the settings and runs the agent until SIGTERM or SIGINT. Returns
 * the exit status: 0 after a clean stop, 2 for a wrong setting or a sensor that was asked for but
 * cannot run.
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
    if (parsed.isUsageHelpRequested()) {
      commandLine.usage(out);
      return 0;
    }
    if (parsed.isVersionHelpRequested()) {
      out.println("jouleflow " + Version.current());
      return 0;
    }
    Settings settings;
    try {
      settings = SettingsLoader.load(environment, flags(parsed));
    } catch (SettingsException e) {
      err.println("jouleflow: " + e.getMessage());
      return USAGE;
    }
    Logging.configure(settings.logLevel());
    return runAgent(settings);
  }

  private int runAgent(Settings settings) {
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    try (Agent agent = Agent.start(settings, Version.current())) {
      stop.await();
      Logging.logger(CommandLineRunner.class).info("stopping");
    } catch (StartupException e) {
      err.println("jouleflow: " + e.getMessage());
      return USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static Map<Setting, String> flags(ParseResult parsed) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      if (parsed.hasMatchedOption(setting.flag())) {
        String value = parsed.matchedOptionValue(setting.flag(), "");
        flags.put(setting, value);
      }
    }
    return flags;
  }

  static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name("jouleflow");
    spec.usageMessage()
        .description(
            "Samples energy counters (RAPL, else a CPU-utilisation estimate) and serves every"
                + " sample with its own timestamp on /metrics.",
            "Each setting is also read from the environment variable of the same name in capitals"
                + " (e.g. EXPORTER_PORT) and from CONFIG_FILE; flags win over the environment,"
                + " which wins over the file.")
        .sortOptions(false);
    for (Setting setting : Setting.values()) {
      spec.addOption(
          OptionSpec.builder(setting.flag())
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
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print the version.")
            .build());
    return spec;
  }
}

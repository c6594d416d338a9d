package io.jouleflow.agent.cli;

import io.jouleflow.agent.config.Setting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command line's model: the agent with every setting as a flag (listed by group in {@code
 * --help}, described one by one in {@code --help-settings}), and the subcommands {@code sensors},
 * {@code measure} and {@code help}, whose help shows their own options and names the settings they
 * read from the environment (their flags are accepted too, but not listed).
 */
final class CliSpec {

  static final String HELP_SETTINGS = "--help-settings";
  static final String MEASURE_USAGE =
      "jouleflow measure [--format FORMAT] [--output FILE] -- COMMAND [ARG...]";

  /** The settings {@code sensors} reads. */
  static final Set<Setting> SENSORS_SETTINGS =
      EnumSet.of(
          Setting.SENSORS,
          Setting.SYSFS_PATH,
          Setting.PROCFS_PATH,
          Setting.TDP_WATTS,
          Setting.MSR_PATH,
          Setting.NVML_LIBRARY,
          Setting.NVML_INTERVAL_SECONDS,
          Setting.PLUGINS_DIR,
          Setting.EXEC_COMMAND,
          Setting.CGROUP_PATH,
          Setting.ATTRIBUTION_LEVEL,
          Setting.LOG_LEVEL,
          Setting.CONFIG_FILE);

  /** The settings {@code measure} reads. */
  static final Set<Setting> MEASURE_SETTINGS =
      EnumSet.of(
          Setting.SENSORS,
          Setting.SCRAPE_INTERVAL_SECONDS,
          Setting.SCRAPE_INTERVAL_S,
          Setting.MAX_QUEUE_LEN,
          Setting.SYSFS_PATH,
          Setting.PROCFS_PATH,
          Setting.TDP_WATTS,
          Setting.MSR_PATH,
          Setting.NVML_LIBRARY,
          Setting.NVML_INTERVAL_SECONDS,
          Setting.PLUGINS_DIR,
          Setting.CGROUP_PATH,
          Setting.ATTRIBUTION_INTERVAL_SECONDS,
          Setting.ATTRIBUTION_LEVEL,
          Setting.LOG_LEVEL,
          Setting.CONFIG_FILE);

  /**
   * The groups of {@code --help}, each named by its first setting; a setting belongs to the group
   * of the last first setting before it in {@link Setting}'s order.
   */
  private static final Map<Setting, String> GROUPS = groups();

  private static final int WIDTH = 100;
  private static final String SETTINGS_SECTION = "jouleflowSettings";

  private CliSpec() {}

  private static Map<Setting, String> groups() {
    Map<Setting, String> groups = new LinkedHashMap<>();
    groups.put(Setting.EXPORTER_PORT, "HTTP server");
    groups.put(Setting.SCRAPE_INTERVAL_SECONDS, "Sampling");
    groups.put(Setting.SENSORS, "Sensors");
    groups.put(Setting.CGROUP_PATH, "Per workload");
    groups.put(Setting.EXPORT_MODE, "Push");
    groups.put(Setting.PLUGINS_DIR, "Plugins");
    groups.put(Setting.LOG_LEVEL, "Other");
    return groups;
  }

  static CommandSpec root() {
    CommandSpec root = CommandSpec.create().name("jouleflow");
    root.usageMessage()
        .description(
            "Samples energy counters (RAPL, MSR, NVIDIA GPUs, plugins; else a CPU-utilisation"
                + " estimate) and serves every sample with its own timestamp on /metrics, or"
                + " pushes it by remote write.")
        .customSynopsis("jouleflow [--SETTING=VALUE]... [-hV] [--help-settings] [COMMAND]")
        .commandListHeading("%nCommands:%n");
    addSettings(root, EnumSet.allOf(Setting.class));
    root.addOption(
        OptionSpec.builder(HELP_SETTINGS)
            .arity("0")
            .type(boolean.class)
            .description("Describe every setting: its default and what it accepts.")
            .build());
    addHelp(root);
    root.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print the version.")
            .build());
    section(root, CliSpec::settingsByGroup);
    root.addSubcommand("sensors", sensors());
    root.addSubcommand("measure", measure());
    root.addSubcommand("help", help());
    return root;
  }

  /**
   * {@code help [COMMAND]}, built like the others: picocli's annotated HelpCommand would make it
   * read annotations at every start (proxies, generics, about 150 classes: +0.7 MiB peak RSS).
   */
  private static CommandSpec help() {
    CommandSpec help = CommandSpec.create().name("help").helpCommand(true);
    help.usageMessage().header("Show the help of jouleflow or of one of its commands.");
    help.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("COMMAND")
            .arity("0..1")
            .type(String.class)
            .description("The command whose help to show: sensors, measure or help.")
            .build());
    addHelp(help);
    return help;
  }

  private static CommandSpec sensors() {
    CommandSpec sensors = CommandSpec.create().name("sensors");
    sensors
        .usageMessage()
        .header("List what this machine can measure, and why not.")
        .description(
            "Lists each installed sensor, whether it can run here (and why not) and the domains"
                + " it would export; the plugins (PLUGINS_DIR) and exec programs (EXEC_COMMAND)"
                + " that SENSORS names, whether each can run and why not; and whether energy per"
                + " workload can be attributed here.");
    addSettings(sensors, SENSORS_SETTINGS);
    addHelp(sensors);
    section(sensors, () -> readsSettings(SENSORS_SETTINGS));
    return sensors;
  }

  private static CommandSpec measure() {
    CommandSpec measure = CommandSpec.create().name("measure");
    measure
        .usageMessage()
        .header("Run a command and report the energy it took.")
        .customSynopsis(MEASURE_USAGE)
        .description(
            "Runs COMMAND in a cgroup of its own, samples every available sensor for its whole"
                + " life, then prints per domain the joules, the window they were measured over"
                + " and the watts (joules / window), the command's share by its CPU time, and a"
                + " total (to standard error, or --output). Exits with the command's status.");
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
    addHelp(measure);
    addSettings(measure, MEASURE_SETTINGS);
    measure.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("COMMAND")
            .arity("1..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("The command and its arguments, after --.")
            .build());
    measure.parser().stopAtPositional(true);
    section(measure, () -> readsSettings(MEASURE_SETTINGS));
    return measure;
  }

  /** The usage of {@code --help-settings}: every setting with its description. */
  static String settingsHelp() {
    CommandSpec all = CommandSpec.create().name("jouleflow");
    all.usageMessage().sortOptions(false).width(WIDTH);
    for (Setting setting : Setting.values()) {
      all.addOption(
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
    return wrap(
            "",
            "The settings of jouleflow. Each is read, lowest precedence first, from its default,"
                + " CONFIG_FILE (KEY=value lines), the environment variable of its name, and its"
                + " flag.")
        + new CommandLine(all).getHelp().optionList();
  }

  /** The setting a flag sets, if it is one. */
  static Optional<Setting> setting(String flag) {
    for (Setting setting : Setting.values()) {
      if (List.of(setting.flags()).contains(flag)) {
        return Optional.of(setting);
      }
    }
    return Optional.empty();
  }

  private static void addSettings(CommandSpec spec, Set<Setting> settings) {
    for (Setting setting : settings) {
      spec.addOption(
          OptionSpec.builder(setting.flags())
              .paramLabel(setting.name())
              .type(String.class)
              .hidden(true)
              .build());
    }
  }

  private static void addHelp(CommandSpec spec) {
    spec.usageMessage().width(WIDTH).sortOptions(false);
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help.").build());
  }

  /** Adds a section of text after the options. */
  private static void section(CommandSpec spec, Supplier<String> text) {
    UsageMessageSpec usage = spec.usageMessage();
    List<String> keys = new ArrayList<>(usage.sectionKeys());
    keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, SETTINGS_SECTION);
    usage.sectionKeys(keys);
    Map<String, CommandLine.IHelpSectionRenderer> renderers =
        new LinkedHashMap<>(usage.sectionMap());
    renderers.put(SETTINGS_SECTION, help -> text.get());
    usage.sectionMap(renderers);
  }

  /** The agent's settings, their flags by group. */
  private static String settingsByGroup() {
    StringBuilder text =
        new StringBuilder("\n")
            .append(
                wrap(
                    "",
                    "Settings: each is a flag, an environment variable (the name in capitals, e.g."
                        + " EXPORTER_PORT=9092 for --exporter-port) or a CONFIG_FILE key; flags win"
                        + " over the environment, which wins over the file. jouleflow "
                        + HELP_SETTINGS
                        + " (and README.md's settings table) describes each, with its default and"
                        + " what it accepts."));
    String group = "";
    List<String> flags = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      String next = GROUPS.get(setting);
      if (next != null && !flags.isEmpty()) {
        text.append(wrap(String.format("  %-14s", group + ":"), String.join(", ", flags)));
        flags.clear();
      }
      group = next == null ? group : next;
      String[] names = setting.flags();
      flags.add(names[0] + (names.length > 1 ? " (" + names[1] + ")" : ""));
    }
    text.append(wrap(String.format("  %-14s", group + ":"), String.join(", ", flags)));
    return text.toString();
  }

  /** The settings a subcommand reads, for its help. */
  private static String readsSettings(Set<Setting> settings) {
    List<String> names = settings.stream().map(Setting::name).toList();
    return "\n"
        + wrap(
            "",
            "Settings it reads, from the environment or CONFIG_FILE as the agent does (their flags"
                + " work too, e.g. --sensors): "
                + String.join(", ", names)
                + ", and PLUGIN_<NAME>_<KEY>. jouleflow "
                + HELP_SETTINGS
                + " describes them.");
  }

  /** {@code words} wrapped at {@link #WIDTH}, the first line after {@code lead}, then indented. */
  private static String wrap(String lead, String words) {
    StringBuilder text = new StringBuilder(lead);
    String indent = " ".repeat(lead.length());
    int lineStart = 0;
    for (String word : words.split(" ")) {
      int column = text.length() - lineStart;
      if (column > indent.length() && column + 1 + word.length() > WIDTH) {
        text.append('\n');
        lineStart = text.length();
        text.append(indent);
      } else if (column > indent.length()) {
        text.append(' ');
      }
      text.append(word);
    }
    return text.append('\n').toString();
  }
}

package io.jouleflow.agent.cli;

import io.jouleflow.agent.config.Setting;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One line for an argument mistake that picocli found: what is wrong and what is accepted, e.g.
 * {@code jouleflow: unknown subcommand 'sensor'; accepted: sensors, measure, help, or none to run
 * the agent (did you mean sensors?)}.
 */
final class UsageError {

  private UsageError() {}

  static String line(CommandLine.ParameterException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String prefix = spec.qualifiedName() + ": ";
    return prefix
        + switch (e) {
          case CommandLine.UnmatchedArgumentException unmatched -> unmatched(spec, unmatched);
          case CommandLine.MissingParameterException missing -> missing(spec, missing);
          case CommandLine.OverwrittenOptionException twice ->
              "option '" + name(twice.getOverwritten()) + "' is given twice; accepted: once";
          default -> lowerFirst(String.valueOf(e.getMessage())) + "; see " + help(spec);
        };
  }

  private static String unmatched(CommandSpec spec, CommandLine.UnmatchedArgumentException e) {
    List<String> words = e.getUnmatched();
    String word = words.isEmpty() ? "" : words.getFirst();
    String suggestion =
        e.getSuggestions().isEmpty()
            ? ""
            : " (did you mean " + String.join(" or ", e.getSuggestions()) + "?)";
    if (word.startsWith("-")) {
      return "unknown option '" + word + "'; accepted: " + options(spec) + suggestion;
    }
    if (spec.parent() == null && spec.subcommands().containsKey(word)) { // only after --
      return "'"
          + word
          + "' after '--' is not taken as a subcommand: '--' ends the options, and only measure"
          + " takes it, before its command; accepted: "
          + (word.equals("measure") ? CliSpec.MEASURE_USAGE : "jouleflow " + word);
    }
    if (spec.parent() == null) {
      return "unknown subcommand '"
          + word
          + "'; accepted: "
          + String.join(", ", spec.subcommands().keySet())
          + ", or none to run the agent"
          + suggestion;
    }
    if (spec.name().equals("help")) {
      return "unexpected argument '" + word + "'; " + helpAccepted(spec);
    }
    return "unexpected argument '" + word + "'; " + spec.name() + " takes none";
  }

  /**
   * The mistake in {@code jouleflow help NAME...} that picocli lets through, if any: an option, a
   * name that is no subcommand's, or more than one name.
   */
  static Optional<String> helpMistake(CommandSpec help, List<String> names) {
    String prefix = help.qualifiedName() + ": ";
    Optional<String> option = names.stream().filter(n -> n.startsWith("-")).findFirst();
    if (option.isPresent()) {
      return Optional.of(prefix + "unknown option '" + option.get() + "'; accepted: --help");
    }
    if (names.size() > 1) {
      return Optional.of(
          prefix + "unexpected argument '" + names.get(1) + "'; " + helpAccepted(help));
    }
    if (names.size() == 1 && !subcommands(help).contains(names.getFirst())) {
      return Optional.of(
          prefix + "unknown subcommand '" + names.getFirst() + "'; " + helpAccepted(help));
    }
    return Optional.empty();
  }

  private static String helpAccepted(CommandSpec help) {
    return "accepted: one of "
        + String.join(", ", subcommands(help))
        + ", or none for the agent's help";
  }

  private static Set<String> subcommands(CommandSpec help) {
    CommandSpec root = help.parent();
    return root == null ? Set.of() : root.subcommands().keySet();
  }

  private static String missing(CommandSpec spec, CommandLine.MissingParameterException e) {
    List<ArgSpec> specs = e.getMissing();
    if (specs.isEmpty() || !(specs.getFirst() instanceof OptionSpec option)) {
      return lowerFirst(String.valueOf(e.getMessage())) + "; see " + help(spec);
    }
    Optional<Setting> setting = CliSpec.setting(option.longestName());
    String accepted = setting.map(Setting::accepted).orElse(own(option.longestName()));
    return "option '"
        + option.longestName()
        + "' needs a value"
        + setting.map(s -> " (" + s.name() + ")").orElse("")
        + "; accepted: "
        + accepted;
  }

  /** What the options of the subcommands accept. */
  private static String own(String option) {
    return switch (option) {
      case "--format" -> "text, json or csv";
      case "--output" -> "a file to write";
      default -> "a value";
    };
  }

  /** The visible options, and the settings' flags where the command takes them. */
  private static String options(CommandSpec spec) {
    List<String> visible =
        spec.options().stream().filter(option -> !option.hidden()).map(UsageError::name).toList();
    String settings =
        spec.parent() == null
            ? "every setting's flag (jouleflow --help lists them), "
            : spec.options().stream().anyMatch(OptionSpec::hidden)
                ? "the flags of the settings it reads (" + help(spec) + "), "
                : "";
    String command = spec.name().equals("measure") ? ", then -- COMMAND [ARG...]" : "";
    return settings + String.join(", ", visible) + command;
  }

  private static String name(ArgSpec arg) {
    return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
  }

  private static String help(CommandSpec spec) {
    return spec.qualifiedName() + " --help";
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}

package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.ShellWords;
import io.jouleflow.api.UnavailableException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An exec plugin's program and its arguments, checked at start-up: the program must be an
 * executable file, named by a path (when it contains {@code /}) or found on {@code PATH}.
 *
 * @param plugin the plugin's name, for messages
 * @param argv the program and its arguments, as given
 */
record ExecCommand(String plugin, List<String> argv) {

  /** Freezes the arguments. */
  ExecCommand {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("exec plugin '" + plugin + "': empty command");
    }
  }

  /**
   * Checks that {@code argv}'s program can be run.
   *
   * @param pathVariable the {@code PATH} to search, {@code :}-separated; {@code null} for none
   * @throws UnavailableException naming the command when the program is not found or not
   *     executable, or the command is empty
   */
  static ExecCommand resolve(String plugin, List<String> argv, @Nullable String pathVariable)
      throws UnavailableException {
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new UnavailableException("exec plugin '" + plugin + "': empty command");
    }
    ExecCommand command = new ExecCommand(plugin, argv);
    String program = argv.getFirst();
    if (program.contains("/")) {
      command.checkExecutable(toPath(command, program));
    } else {
      command.checkExecutable(command.searchPath(program, pathVariable));
    }
    return command;
  }

  /** The command line as a shell would take it back, for logs: {@code sh -c 'echo {}'}. */
  String display() {
    return ShellWords.join(argv);
  }

  /** What the plugin does, for the start-up log and {@code jouleflow sensors}. */
  String description() {
    return "runs " + display() + " and reads JSON lines from its stdout";
  }

  /** The start of every message about this plugin: {@code exec plugin 'exec' (python3 m.py)}. */
  String prefix() {
    return "exec plugin '" + plugin + "' (" + display() + ")";
  }

  private Path searchPath(String program, @Nullable String pathVariable)
      throws UnavailableException {
    String path = pathVariable == null ? "" : pathVariable;
    Optional<Path> notExecutable = Optional.empty();
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = toPath(this, dir.isEmpty() ? program : dir + "/" + program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
      if (Files.isRegularFile(candidate) && notExecutable.isEmpty()) {
        notExecutable = Optional.of(candidate);
      }
    }
    if (notExecutable.isPresent()) {
      return notExecutable.get();
    }
    throw new UnavailableException(
        prefix() + ": program '" + program + "' not found on PATH (" + path + ")");
  }

  private void checkExecutable(Path program) throws UnavailableException {
    if (!Files.exists(program)) {
      throw new UnavailableException(prefix() + ": program " + program + " not found");
    }
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new UnavailableException(
          prefix() + ": program " + program + " is not an executable file (chmod +x?)");
    }
  }

  private static Path toPath(ExecCommand command, String name) throws UnavailableException {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      throw new UnavailableException(command.prefix() + ": invalid program path", e);
    }
  }
}

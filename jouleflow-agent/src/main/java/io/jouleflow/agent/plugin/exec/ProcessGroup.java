package io.jouleflow.agent.plugin.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs an exec plugin's program in a process group of its own, so that the agent can stop it and
 * every process it forked, and so that they die with the agent even when it is SIGKILLed.
 *
 * <p>Java cannot call {@code setsid} or {@code prctl(PR_SET_PDEATHSIG)} between fork and exec, so
 * the program starts through util-linux's {@code setsid} and a short POSIX shell script. The script
 * keeps the pipe of its standard input (the agent holds the other end and never writes), starts a
 * watcher in a session of its own with that pipe as input, and then {@code exec}s the program with
 * {@code /dev/null} as input: the program keeps the pid the agent knows, which is also the group
 * id. When the pipe reaches end of file, because the agent closed it, the program exited (the JDK
 * then closes it) or the agent died, the watcher sends SIGTERM to what is left of the group and
 * SIGKILL after the grace period if it is not empty by then. Without {@code setsid} on this host
 * the program is started directly, as before.
 */
final class ProcessGroup {

  /** Where the watcher's exit poll sleeps between checks, in seconds (a decimal for sleep(1)). */
  private static final String POLL_SECONDS = "0.1";

  private static final String SCRIPT =
      """
      grace=$1; shift
      exec 3<&0
      setsid /bin/sh -c '
        trap "" TERM
        cat >/dev/null
        kill -TERM -"$1" 2>/dev/null || exit 0
        i=0
        while kill -0 -"$1" 2>/dev/null; do
          if [ "$i" -ge "$2" ]; then kill -KILL -"$1" 2>/dev/null; exit 0; fi
          sleep %s; i=$((i + 1))
        done' jouleflow-exec-watcher "$$" "$grace" <&3 >/dev/null 2>&1 &
      exec "$@" </dev/null 3<&-
      """
          .formatted(POLL_SECONDS);

  private static final Optional<Path> SETSID = find("setsid");

  private ProcessGroup() {}

  /** Whether programs get a group of their own and die with the agent on this host. */
  static boolean supported() {
    return SETSID.isPresent() && Files.isExecutable(Path.of("/bin/sh"));
  }

  /**
   * The command line that runs {@code argv} in a group of its own, its watcher stopping the group
   * {@code grace} after the agent's end; {@code argv} itself where that is not {@link #supported}.
   */
  static List<String> launch(List<String> argv, Duration grace) {
    if (!supported()) {
      return argv;
    }
    List<String> command = new ArrayList<>();
    command.add(SETSID.orElseThrow().toString());
    command.addAll(List.of("/bin/sh", "-c", SCRIPT, "jouleflow-exec"));
    long polls = Math.max(1, grace.toMillis() / 100);
    command.add(Long.toString(polls));
    command.addAll(argv);
    return command;
  }

  /** The processes of group {@code pgid}, from {@code /proc}; none where it cannot be read. */
  static List<ProcessHandle> members(long pgid) {
    List<ProcessHandle> members = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        if (groupOf(process) == pgid) {
          ProcessHandle.of(Long.parseLong(process.getFileName().toString()))
              .ifPresent(members::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      return members;
    }
    return members;
  }

  /**
   * The group id in {@code /proc/<pid>/stat}, field 5; -1 when the process is gone, a zombie (dead,
   * not yet reaped) or unreadable.
   */
  static long groupOf(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether {@code process} runs: alive and not a zombie. */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    return !Files.isDirectory(proc) || groupOf(proc) != -1;
  }

  private static Optional<Path> find(String program) {
    String path = System.getenv("PATH");
    Stream<String> dirs =
        Stream.concat(
            Stream.of(path == null ? new String[0] : path.split(":")),
            Stream.of("/usr/bin", "/bin"));
    return dirs.filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}

package io.jouleflow.agent.attribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup of its own that {@code jouleflow measure} runs its command in: made under the agent's
 * own cgroup (as {@code /proc/self/cgroup} names it; a systemd-delegated session lets a user do
 * that), else at the hierarchy's root; in cgroup v2 where that is writable, else in v1 {@code
 * cpuacct}. The command joins it before it runs ({@link #wrap}), so all its CPU time, its
 * children's included, is counted; {@link #close} removes it.
 */
public final class CommandCgroup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandCgroup.class);
  private static final String NAME = "jouleflow-measure-";
  private static final String JOIN = "echo $$ > \"$1\" && shift && exec \"$@\"";
  private static final long REMOVE_TRIES = 20;
  private static final long REMOVE_PAUSE_MILLIS = 50;
  private static final long PROBE_SECONDS = 10;

  private final Path path;
  private final int version;
  private final Path hierarchyRoot;
  private boolean removed;
  private boolean removeTried;

  private CommandCgroup(Path path, int version, Path hierarchyRoot) {
    this.path = path;
    this.version = version;
    this.hierarchyRoot = hierarchyRoot;
  }

  /**
   * Makes the command's cgroup in the hierarchies under {@code cgroupPath}: v2 first, then v1
   * {@code cpuacct}.
   *
   * @param procSelfCgroup the agent's {@code /proc/self/cgroup}
   * @param pid the agent's process id, in the cgroup's name
   * @throws AttributionUnavailableException with one line saying why none could be made
   */
  public static CommandCgroup create(Path cgroupPath, Path procSelfCgroup, long pid)
      throws AttributionUnavailableException {
    Map<Path, Integer> hierarchies = hierarchies(cgroupPath);
    if (hierarchies.isEmpty()) {
      throw new AttributionUnavailableException(
          "no cgroup v2 or v1 cpuacct hierarchy under " + cgroupPath);
    }
    List<String> failures = new ArrayList<>();
    for (Map.Entry<Path, Integer> hierarchy : hierarchies.entrySet()) {
      try {
        return create(hierarchy.getKey(), hierarchy.getValue(), procSelfCgroup, pid);
      } catch (AttributionUnavailableException e) {
        failures.add(e.getMessage());
      }
    }
    throw new AttributionUnavailableException(String.join("; ", failures));
  }

  /**
   * Makes the command's cgroup in the hierarchy at {@code hierarchyRoot} (cgroup {@code version} 2
   * or 1): under the agent's own cgroup there, else at the root; checks that a process can join it.
   */
  static CommandCgroup create(Path hierarchyRoot, int version, Path procSelfCgroup, long pid)
      throws AttributionUnavailableException {
    List<Path> parents = new ArrayList<>();
    ownCgroup(procSelfCgroup, version).ifPresent(own -> parents.add(hierarchyRoot.resolve(own)));
    parents.add(hierarchyRoot);
    String reason = "";
    for (Path parent : parents) {
      Path path = parent.resolve(NAME + pid);
      try {
        Files.createDirectory(path);
      } catch (IOException e) {
        reason = "cannot make " + path + ": " + why(e);
        continue;
      }
      CommandCgroup cgroup = new CommandCgroup(path, version, hierarchyRoot);
      Optional<String> joinFailure = cgroup.probeJoin();
      if (joinFailure.isEmpty()) {
        return cgroup;
      }
      cgroup.remove();
      reason = joinFailure.get();
    }
    throw new AttributionUnavailableException(reason);
  }

  /**
   * The hierarchies under {@code cgroupPath} where the command's cgroup may go, v2 first ({@link
   * CgroupHierarchy#all}): v1 {@code cpuacct} too, for when v2 is there but not writable.
   */
  static Map<Path, Integer> hierarchies(Path cgroupPath) {
    Map<Path, Integer> found = new LinkedHashMap<>();
    for (CgroupHierarchy hierarchy : CgroupHierarchy.all(cgroupPath)) {
      found.put(hierarchy.root(), hierarchy.version());
    }
    return found;
  }

  /**
   * The agent's own cgroup in a hierarchy of {@code version}, relative to its root, from {@code
   * /proc/self/cgroup}: the {@code 0::/path} line for v2, the line whose controllers include {@code
   * cpuacct} for v1; empty at the root or where the file says nothing usable.
   */
  static Optional<String> ownCgroup(Path procSelfCgroup, int version) {
    List<String> lines;
    try {
      lines = Files.readAllLines(procSelfCgroup, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String line : lines) {
      String[] fields = line.split(":", 3);
      if (fields.length < 3) {
        continue;
      }
      boolean match =
          version == 2
              ? fields[0].equals("0") && fields[1].isEmpty()
              : List.of(fields[1].split(",")).contains("cpuacct");
      if (match) {
        String own = fields[2].strip().replaceFirst("^/+", "");
        boolean usable = !own.isEmpty() && !own.contains("..") && !own.contains(" (deleted)");
        return usable ? Optional.of(own) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The cgroup's folder. */
  public Path path() {
    return path;
  }

  /** For people: e.g. {@code cgroup v2 /sys/fs/cgroup/unified/jouleflow-measure-42}. */
  public String description() {
    return "cgroup v" + version + " " + path;
  }

  /** The root of the hierarchy the cgroup is in. */
  public Path hierarchyRoot() {
    return hierarchyRoot;
  }

  /**
   * The command line that runs {@code command} in this cgroup: a shell that writes its own pid to
   * {@code cgroup.procs}, then execs the command with its arguments as they are (never re-parsed).
   */
  public List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "jouleflow"));
    wrapped.add(path.resolve("cgroup.procs").toString());
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * The CPU time of every process that has been in the cgroup, in nanoseconds: {@code cpu.stat}
   * {@code usage_usec} (v2) or {@code cpuacct.usage} (v1).
   */
  public long cpuNanos() throws IOException {
    return CpuCounter.readOnce(path, version);
  }

  /**
   * Removes the cgroup, trying again for about a second while it is busy (processes the command
   * left behind, or still exiting).
   *
   * @return whether it is gone
   */
  public boolean remove() {
    if (removed) {
      return true;
    }
    removeTried = true;
    for (int attempt = 0; attempt < REMOVE_TRIES; attempt++) {
      try {
        Files.delete(path);
        removed = true;
        return true;
      } catch (NoSuchFileException e) {
        removed = true;
        return true;
      } catch (IOException e) {
        if (!pause()) {
          break;
        }
      }
    }
    return false;
  }

  /**
   * Removes the cgroup unless {@link #remove} was tried already (its caller said what it found).
   */
  @Override
  public void close() {
    if (!removeTried && !remove()) {
      log.warn("cannot remove {}: processes are still in it; left in place", path);
    }
  }

  /** Runs a shell that joins the cgroup and exits; empty when it could, else why not. */
  private Optional<String> probeJoin() {
    Path procs = path.resolve("cgroup.procs");
    try {
      Process probe =
          new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$1\"", "jouleflow", procs.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!probe.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return Optional.of("a process could not join " + path + " within " + PROBE_SECONDS + " s");
      }
      return probe.exitValue() == 0
          ? Optional.empty()
          : Optional.of("a process cannot join " + path + ": " + output.strip());
    } catch (IOException e) {
      return Optional.of("cannot run /bin/sh to join " + path + ": " + why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while joining " + path);
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(REMOVE_PAUSE_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "its parent folder does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}

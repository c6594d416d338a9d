package io.jouleflow.agent.attribution;

import io.jouleflow.agent.config.AttributionLevel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the workloads of a hierarchy: walks down from the root and stops at each cgroup that is a
 * workload by its name ({@link CgroupClassifier}), so that workloads never overlap; only at level
 * {@code container} does it look inside pods, for their containers. A cgroup that is no workload by
 * its name and has none below it is a workload of kind {@code other}; one with workloads below it
 * is none (its own processes count in the root's remainder).
 *
 * <p>Only folders that can hold workloads are listed, and an entry is checked for being a folder
 * only when its name looks like one of the controllers' interface files, so that a walk over
 * hundreds of workloads costs a few system calls per folder listed, not one per workload.
 */
final class CgroupWalk {

  /** A workload found, and the pod it belongs to for a container at level {@code container}. */
  record Found(Workload workload, @Nullable Workload pod) {}

  /** Deeper than this the walk does not go (the kernel's default allows far more, none uses it). */
  private static final int MAX_DEPTH = 32;

  private static final Set<String> CONTROLLER_PREFIXES =
      Set.of(
          "cgroup",
          "cpu",
          "cpuacct",
          "cpuset",
          "io",
          "memory",
          "pids",
          "hugetlb",
          "rdma",
          "misc",
          "blkio",
          "devices",
          "freezer",
          "net_cls",
          "net_prio",
          "perf_event",
          "irq");

  private static final Set<String> V1_FILES = Set.of("tasks", "notify_on_release", "release_agent");

  private final Path root;
  private final AttributionLevel level;

  CgroupWalk(Path root, AttributionLevel level) {
    this.root = root;
    this.level = level;
  }

  /**
   * The workloads under the root, each pod before its containers.
   *
   * @throws IOException when the root cannot be listed
   */
  List<Found> find() throws IOException {
    List<Found> found = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    for (String name : children(root)) {
      if (visit(root.resolve(name), name, 1, found) == Visit.PLAIN) {
        plain.add(name);
      }
    }
    addOthers(plain, found);
    return found;
  }

  private enum Visit {
    /** Went away while being walked. */
    VANISHED,
    /** No workload at or below it. */
    PLAIN,
    /** A workload, or workloads below it. */
    CLASSIFIED
  }

  private Visit visit(Path dir, String path, int depth, List<Found> found) {
    Workload workload = CgroupClassifier.classify(path);
    if (workload != null) {
      found.add(new Found(workload, null));
      if (workload.kind() == WorkloadKind.POD && level == AttributionLevel.CONTAINER) {
        addContainers(dir, path, workload, found);
      }
      return Visit.CLASSIFIED;
    }
    List<String> names;
    try {
      names = depth < MAX_DEPTH ? children(dir) : List.of();
    } catch (NoSuchFileException e) {
      return Visit.VANISHED;
    } catch (IOException e) {
      return Visit.PLAIN;
    }
    return visitChildren(dir, path, depth, names, found);
  }

  private Visit visitChildren(
      Path dir, String path, int depth, List<String> names, List<Found> found) {
    int before = found.size();
    List<String> plain = new ArrayList<>();
    for (String name : names) {
      String child = path + "/" + name;
      if (visit(dir.resolve(name), child, depth + 1, found) == Visit.PLAIN) {
        plain.add(child);
      }
    }
    if (found.size() == before) {
      return Visit.PLAIN;
    }
    addOthers(plain, found);
    return Visit.CLASSIFIED;
  }

  private void addContainers(Path dir, String path, Workload pod, List<Found> found) {
    String podUid = pod.podUid();
    if (podUid == null) {
      return;
    }
    List<String> names;
    try {
      names = children(dir);
    } catch (IOException e) {
      return;
    }
    for (String name : names) {
      Workload container = CgroupClassifier.containerOfPod(path + "/" + name, podUid);
      if (container != null) {
        found.add(new Found(container, pod));
      }
    }
  }

  private static void addOthers(List<String> plain, List<Found> found) {
    for (String path : plain) {
      found.add(new Found(CgroupClassifier.other(path), null));
    }
  }

  /**
   * The names of the child cgroups (folders) of {@code dir}, in the order listed. A cgroup folder
   * holds only the controllers' files and child cgroups, so a name that is no controller's file is
   * taken for a folder without asking the file system (a walk over hundreds of workloads would
   * otherwise cost a {@code stat} each); only a name that looks like a controller's file is
   * checked, since a cgroup may be named so too.
   */
  private static List<String> children(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = String.valueOf(entry.getFileName());
        if (!isInterfaceFile(name) || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * Whether {@code name} is a controller's file ({@code cpu.stat}, {@code tasks}), not a cgroup.
   */
  static boolean isInterfaceFile(String name) {
    int dot = name.indexOf('.');
    return V1_FILES.contains(name)
        || (dot > 0 && CONTROLLER_PREFIXES.contains(name.substring(0, dot)));
  }
}

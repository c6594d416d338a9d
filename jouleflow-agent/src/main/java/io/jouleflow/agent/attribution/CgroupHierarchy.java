package io.jouleflow.agent.attribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup hierarchy whose CPU counters attribution reads: cgroup v2 (at {@code CGROUP_PATH}, or
 * at {@code CGROUP_PATH/unified} beside v1 on hybrid hosts), else v1 {@code cpuacct}.
 *
 * @param version 2 or 1
 * @param root the hierarchy's root folder
 * @param description for people, e.g. {@code cgroup v2 at /sys/fs/cgroup/unified (hybrid)}
 */
public record CgroupHierarchy(int version, Path root, String description) {

  /** The file every v2 cgroup has, the root included. */
  static final String V2_MARKER = "cgroup.controllers";

  /** The v1 counter of a cgroup's CPU time in nanoseconds. */
  static final String V1_COUNTER = "cpuacct.usage";

  /** The names the v1 {@code cpuacct} controller's mount goes by. */
  private static final List<String> V1_FOLDERS = List.of("cpuacct", "cpu,cpuacct", "cpuacct,cpu");

  /** Checks the version. */
  public CgroupHierarchy {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("cgroup version must be 1 or 2: " + version);
    }
  }

  /**
   * Finds the hierarchy under {@code cgroupPath}.
   *
   * @throws AttributionUnavailableException with one line saying what is missing
   */
  public static CgroupHierarchy detect(Path cgroupPath) throws AttributionUnavailableException {
    List<CgroupHierarchy> all = all(cgroupPath);
    if (!all.isEmpty()) {
      return all.getFirst();
    }
    throw new AttributionUnavailableException(
        "no cgroup hierarchy under CGROUP_PATH "
            + cgroupPath
            + ": found neither "
            + V2_MARKER
            + " (v2), unified/"
            + V2_MARKER
            + " (hybrid) nor cpuacct/"
            + V1_COUNTER
            + " or cpu,cpuacct/"
            + V1_COUNTER
            + " (v1)");
  }

  /**
   * Every hierarchy under {@code cgroupPath} that holds CPU time, in the order {@link #detect}
   * prefers them: v2 at {@code cgroupPath}, v2 at its {@code unified/} (hybrid hosts), then the v1
   * {@code cpuacct} mount. Empty when there is none.
   */
  public static List<CgroupHierarchy> all(Path cgroupPath) {
    List<CgroupHierarchy> found = new ArrayList<>();
    if (Files.isRegularFile(cgroupPath.resolve(V2_MARKER))) {
      found.add(new CgroupHierarchy(2, cgroupPath, "cgroup v2 at " + cgroupPath));
    }
    Path unified = cgroupPath.resolve("unified");
    if (Files.isRegularFile(unified.resolve(V2_MARKER))) {
      found.add(new CgroupHierarchy(2, unified, "cgroup v2 at " + unified + " (hybrid)"));
    }
    for (String folder : V1_FOLDERS) {
      Path root = cgroupPath.resolve(folder);
      if (Files.isRegularFile(root.resolve(V1_COUNTER))) {
        found.add(new CgroupHierarchy(1, root, "cgroup v1 cpuacct at " + root));
        break;
      }
    }
    return found;
  }

  /** The file holding a cgroup's CPU time: {@code cpu.stat} (v2) or {@code cpuacct.usage} (v1). */
  String counterName() {
    return version == 2 ? "cpu.stat" : V1_COUNTER;
  }
}

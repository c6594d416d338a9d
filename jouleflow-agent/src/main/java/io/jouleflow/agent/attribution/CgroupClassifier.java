package io.jouleflow.agent.attribution;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells what workload a cgroup is from its path alone, as systemd, the container runtimes and the
 * kubelet name them, without asking any of them. Paths are relative to the hierarchy's root,
 * without a leading slash: {@code system.slice/nginx.service}.
 */
final class CgroupClassifier {

  private static final int SHORT_ID = 12;
  private static final String HEX_ID = "([0-9a-f]{64})";

  /** {@code docker-ID.scope}, {@code cri-containerd-ID.scope}, {@code crio-ID.scope}, podman's. */
  private static final Pattern CONTAINER_SCOPE =
      Pattern.compile("(?:docker|cri-containerd|crio|libpod)-" + HEX_ID + "\\.scope");

  /** A container of a cgroupfs-driven runtime: its bare id, or CRI-O's {@code crio-ID}. */
  private static final Pattern CONTAINER_PLAIN = Pattern.compile("(?:crio-)?" + HEX_ID);

  /** The systemd driver's pod slice: {@code kubepods-burstable-pod<uid_with_underscores>.slice}. */
  private static final Pattern POD_SLICE =
      Pattern.compile("kubepods(?:-[a-z]+)?-pod([0-9a-f_]+)\\.slice");

  /** The cgroupfs driver's pod folder, below {@code kubepods}: {@code pod<uid>}. */
  private static final Pattern POD_FOLDER = Pattern.compile("pod([0-9a-f-]+)");

  private static final Pattern USER_SLICE = Pattern.compile("user\\.slice/user-[0-9]+\\.slice");

  private CgroupClassifier() {}

  /**
   * The workload the cgroup at {@code path} is, or null for a cgroup that is none by its name (the
   * discovery walk looks inside those).
   */
  static @Nullable Workload classify(String path) {
    String name = lastElement(path);
    Workload pod = pod(path, name);
    if (pod != null) {
      return pod;
    }
    Matcher scope = CONTAINER_SCOPE.matcher(name);
    if (scope.matches()) {
      return container(path, scope.group(1), null);
    }
    Matcher plain = CONTAINER_PLAIN.matcher(name);
    if (plain.matches() && parentElement(path).equals("docker")) {
      return container(path, plain.group(1), null);
    }
    if (path.startsWith("system.slice/") && name.endsWith(".service")) {
      return new Workload(WorkloadKind.SERVICE, name, path, null, null);
    }
    if (USER_SLICE.matcher(path).matches()) {
      return new Workload(WorkloadKind.USER, name, path, null, null);
    }
    return null;
  }

  /** The container the cgroup at {@code path} inside the pod {@code podUid} is, or null. */
  static @Nullable Workload containerOfPod(String path, String podUid) {
    String name = lastElement(path);
    Matcher scope = CONTAINER_SCOPE.matcher(name);
    if (scope.matches()) {
      return container(path, scope.group(1), podUid);
    }
    Matcher plain = CONTAINER_PLAIN.matcher(name);
    return plain.matches() ? container(path, plain.group(1), podUid) : null;
  }

  /** A cgroup that is no workload by its name: {@code kind="other"}, named by its last element. */
  static Workload other(String path) {
    return new Workload(WorkloadKind.OTHER, lastElement(path), path, null, null);
  }

  private static @Nullable Workload pod(String path, String name) {
    Matcher slice = POD_SLICE.matcher(name);
    if (slice.matches()) {
      return podWorkload(path, slice.group(1).replace('_', '-'));
    }
    Matcher folder = POD_FOLDER.matcher(name);
    if (folder.matches() && belowKubepods(path)) {
      return podWorkload(path, folder.group(1));
    }
    return null;
  }

  private static Workload podWorkload(String path, String uid) {
    return new Workload(WorkloadKind.POD, uid, path, null, uid);
  }

  private static Workload container(String path, String id, @Nullable String podUid) {
    String lower = id.toLowerCase(Locale.ROOT);
    return new Workload(WorkloadKind.CONTAINER, lower.substring(0, SHORT_ID), path, lower, podUid);
  }

  /** Whether an element before the last one is {@code kubepods} (cgroupfs driver). */
  private static boolean belowKubepods(String path) {
    String[] elements = path.split("/", -1);
    for (int i = 0; i < elements.length - 1; i++) {
      if (elements[i].equals("kubepods")) {
        return true;
      }
    }
    return false;
  }

  static String lastElement(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String parentElement(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : lastElement(path.substring(0, slash));
  }
}

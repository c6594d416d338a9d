package io.jouleflow.dist.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The agent container of {@code deploy/kubernetes/base/daemonset.yaml} as podman arguments: the one
 * source of the settings {@link ContainerImageIT} runs the image with. Every key of the container
 * and its pod is either translated (env, security context, resource limits, the host's {@code /sys}
 * and the {@code /tmp} emptyDir) or known not to change how the container runs (probes, ports,
 * tolerations); any other key fails, so a change of the DaemonSet that the image test would not run
 * fails {@code DaemonSetContainerTest} until it is translated here.
 *
 * @param env the container's variables, in order
 * @param sysMountPath where the host's {@code /sys} is mounted (read-only) in the container
 * @param podmanArgs the {@code podman run} arguments for everything but the {@code /sys} mount
 */
record DaemonSetContainer(Map<String, String> env, String sysMountPath, List<String> podmanArgs) {

  /** The base DaemonSet, relative to the module folder that the tests run in. */
  static final Path BASE = Path.of("../deploy/kubernetes/base/daemonset.yaml");

  private static final Set<String> POD_KEYS_NOT_RUN =
      Set.of(
          "tolerations", // scheduling
          "automountServiceAccountToken", // no API access either way
          "enableServiceLinks", // no services in the test
          "terminationGracePeriodSeconds"); // podman rm --time 10 does the same
  private static final Set<String> CONTAINER_KEYS_NOT_RUN =
      Set.of(
          "name",
          "image", // the image under test
          "imagePullPolicy",
          "ports", // --network host; the test picks a free EXPORTER_PORT
          "livenessProbe", // the image's HEALTHCHECK asks the same path (podman healthcheck run)
          "readinessProbe");

  /** Reads the DaemonSet's only container. */
  static DaemonSetContainer read(Path daemonSet) throws IOException {
    return parse(Files.readString(daemonSet));
  }

  /** As {@link #read} for the YAML text of a DaemonSet. */
  static DaemonSetContainer parse(String yaml) {
    Map<String, Object> daemonSet =
        map(new Load(LoadSettings.builder().build()).loadFromString(yaml), "the document");
    Map<String, Object> template =
        map(map(daemonSet.get("spec"), "spec").get("template"), "template");
    Map<String, Object> pod = map(template.get("spec"), "spec.template.spec");
    List<Object> containers = list(pod.get("containers"), "containers");
    if (containers.size() != 1) {
      throw drift("the pod has " + containers.size() + " containers, the test runs one");
    }
    Map<String, Object> container = map(containers.getFirst(), "containers[0]");
    List<String> args = new ArrayList<>();
    Map<String, String> env = env(container);
    env.forEach((name, value) -> args.addAll(List.of("--env", name + "=" + value)));
    for (String key : container.keySet()) {
      switch (key) {
        case "env", "volumeMounts" -> {}
        case "securityContext" -> security(map(container.get(key), key), args);
        case "resources" -> limits(map(container.get(key), key), args);
        default -> {
          if (!CONTAINER_KEYS_NOT_RUN.contains(key)) {
            throw drift("the container sets " + key);
          }
        }
      }
    }
    for (String key : pod.keySet()) {
      if (!key.equals("containers") && !key.equals("volumes") && !POD_KEYS_NOT_RUN.contains(key)) {
        throw drift("the pod sets " + key);
      }
    }
    String sysMount = mounts(pod, container, args);
    return new DaemonSetContainer(env, sysMount, List.copyOf(args));
  }

  /** The arguments with the host folder {@code sys} mounted read-only where the host's /sys is. */
  List<String> podmanArgs(Path sys) {
    List<String> all = new ArrayList<>(podmanArgs);
    all.addAll(List.of("--volume", sys.toAbsolutePath() + ":" + sysMountPath + ":ro"));
    return all;
  }

  private static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Object o : list(container.get("env"), "env")) {
      Map<String, Object> variable = map(o, "env[]");
      if (!(variable.get("name") instanceof String name)
          || !(variable.get("value") instanceof String value)
          || variable.size() != 2) {
        throw drift("an env entry is not a plain name and value: " + variable);
      }
      env.put(name, value);
    }
    return env;
  }

  private static void security(Map<String, Object> context, List<String> args) {
    for (Map.Entry<String, Object> e : context.entrySet()) {
      Object value = e.getValue();
      switch (e.getKey()) {
        case "runAsUser" -> args.addAll(List.of("--user", String.valueOf(value)));
        case "runAsNonRoot" -> {
          if (Boolean.TRUE.equals(value) && Integer.valueOf(0).equals(context.get("runAsUser"))) {
            throw drift("runAsNonRoot with runAsUser 0");
          }
        }
        // Kubernetes mounts no tmpfs of its own on a read-only root: only the pod's volumes.
        case "readOnlyRootFilesystem" ->
            args.addAll(
                Boolean.TRUE.equals(value)
                    ? List.of("--read-only", "--read-only-tmpfs=false")
                    : List.of());
        case "allowPrivilegeEscalation" -> {
          if (Boolean.FALSE.equals(value)) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
          }
        }
        case "privileged" ->
            args.addAll(Boolean.TRUE.equals(value) ? List.of("--privileged") : List.of());
        case "capabilities" -> {
          Map<String, Object> caps = map(value, "capabilities");
          for (String k : caps.keySet()) {
            if (!k.equals("drop") && !k.equals("add")) {
              throw drift("capabilities." + k);
            }
          }
          list(caps.getOrDefault("drop", List.of()), "drop")
              .forEach(c -> args.addAll(List.of("--cap-drop", String.valueOf(c))));
          list(caps.getOrDefault("add", List.of()), "add")
              .forEach(c -> args.addAll(List.of("--cap-add", String.valueOf(c))));
        }
        // podman's default seccomp profile is the runtime's default.
        case "seccompProfile" -> {
          if (!Map.of("type", "RuntimeDefault").equals(value)) {
            throw drift("seccompProfile " + value);
          }
        }
        default -> throw drift("securityContext." + e.getKey());
      }
    }
  }

  /** Limits as podman's (requests only place the pod); the launcher sizes the heap from them. */
  private static void limits(Map<String, Object> resources, List<String> args) {
    Map<String, Object> limits = map(resources.getOrDefault("limits", Map.of()), "limits");
    for (Map.Entry<String, Object> e : limits.entrySet()) {
      String value = String.valueOf(e.getValue());
      switch (e.getKey()) {
        case "memory" -> args.addAll(List.of("--memory", bytes(value)));
        case "cpu" ->
            args.addAll(
                List.of(
                    "--cpus",
                    value.endsWith("m")
                        ? String.valueOf(Integer.parseInt(value.replace("m", "")) / 1000.0)
                        : value));
        default -> throw drift("resources.limits." + e.getKey());
      }
    }
  }

  /** Adds the emptyDir mounts (tmpfs); returns where the hostPath /sys is mounted. */
  private static String mounts(
      Map<String, Object> pod, Map<String, Object> container, List<String> args) {
    Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
    for (Object o : list(pod.get("volumes"), "volumes")) {
      Map<String, Object> volume = map(o, "volumes[]");
      volumes.put(String.valueOf(volume.get("name")), volume);
    }
    @Nullable String sysMount = null;
    for (Object o : list(container.get("volumeMounts"), "volumeMounts")) {
      Map<String, Object> mount = map(o, "volumeMounts[]");
      String path = String.valueOf(mount.get("mountPath"));
      Map<String, Object> volume = volumes.get(String.valueOf(mount.get("name")));
      if (volume == null) {
        throw drift("volumeMount " + path + " names no volume");
      }
      if (volume.get("hostPath") instanceof Map<?, ?> host && "/sys".equals(host.get("path"))) {
        if (!Boolean.TRUE.equals(mount.get("readOnly"))) {
          throw drift("the host's /sys is mounted writable");
        }
        sysMount = path;
      } else if (volume.get("emptyDir") instanceof Map<?, ?> empty) {
        Object size = empty.get("sizeLimit");
        args.addAll(
            List.of(
                "--tmpfs", path + (size == null ? "" : ":size=" + bytes(String.valueOf(size)))));
      } else {
        throw drift("the volume mounted at " + path + " (" + volume + ")");
      }
    }
    if (sysMount == null) {
      throw drift("the host's /sys is not mounted");
    }
    return sysMount;
  }

  /** A Kubernetes quantity of bytes (binary suffixes) as podman's: {@code 16Mi} -> {@code 16m}. */
  private static String bytes(String quantity) {
    String q = quantity.strip();
    for (String suffix : List.of("Ki", "Mi", "Gi")) {
      if (q.endsWith(suffix)) {
        return q.substring(0, q.length() - 2) + suffix.substring(0, 1).toLowerCase(Locale.ROOT);
      }
    }
    if (q.chars().allMatch(Character::isDigit)) {
      return q;
    }
    throw drift("the quantity " + quantity + " (the test knows Ki, Mi, Gi and plain bytes)");
  }

  private static IllegalStateException drift(String what) {
    return new IllegalStateException(
        BASE
            + ": "
            + what
            + ", which ContainerImageIT does not run: give it its podman equivalent in"
            + " DaemonSetContainer (or change the DaemonSet back)");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object node, String what) {
    if (!(node instanceof Map<?, ?>)) {
      throw drift(what + " is not a mapping");
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(@Nullable Object node, String what) {
    if (!(node instanceof List<?>)) {
      throw drift(what + " is not a list");
    }
    return (List<Object>) node;
  }
}

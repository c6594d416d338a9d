package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.SettingsLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kubernetes manifests in deploy/kubernetes, built offline with {@code kubectl kustomize}
 * (Debian's kubectl) and linted with Debian's yamllint: what a user applies runs the agent with
 * settings it accepts, on the image's port, with the host's sysfs read-only and the permissions the
 * README names. No cluster is involved.
 */
class KubernetesManifestsTest {
  private static final Path MANIFESTS = Path.of("../deploy/kubernetes");
  private static final Pattern DOCKERFILE_PORT = Pattern.compile("EXPORTER_PORT=(\\d+)");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\((\\w+)\\)");
  private static final Pattern KUSTOMIZE_VERSION =
      Pattern.compile("Kustomize Version: v(\\d+)\\.(\\d+)");
  private static final String KUSTOMIZE_MISSING =
      "kustomize builds skipped: they need kubectl >= 1.24 (kustomize v4.5+, from pkgs.k8s.io);"
          + " Debian's kubernetes-client 1.20 bundles kustomize v2, too old for these manifests";
  private static final boolean KUSTOMIZE_OK = kustomizeAtLeast(4, 5);

  @ParameterizedTest
  @ValueSource(strings = {"base", "msr", "gpu", "push"})
  void theDaemonSetRunsTheAgentWithSettingsItAcceptsOnEveryNode(String overlay, @TempDir Path root)
      throws Exception {
    Map<String, Object> daemonSet = only(build(overlay), "DaemonSet");
    assertThat(at(daemonSet, "metadata", "namespace")).isEqualTo("jouleflow");
    Map<String, Object> pod = map(at(daemonSet, "spec", "template", "spec"));
    assertThat(map(at(daemonSet, "spec", "template", "metadata", "labels")))
        .containsEntry("app.kubernetes.io/name", "jouleflow");
    assertThat(list(pod.get("tolerations"))).contains(Map.of("operator", "Exists"));
    assertThat(pod).doesNotContainKey("hostPID").doesNotContainKey("hostNetwork");

    Map<String, Object> container = map(list(pod.get("containers")).getFirst());
    Map<String, String> env = settings(container);
    // Every variable is a setting, and the agent's loader accepts the values (the container's
    // paths made as folders under a temporary root).
    Map<String, String> local = new LinkedHashMap<>(env);
    for (Map.Entry<String, String> e : local.entrySet()) {
      if (e.getValue().startsWith("/")) {
        e.setValue(Files.createDirectories(root.resolve(e.getValue().substring(1))).toString());
      }
    }
    SettingsLoader.load(local, Map.of());
    assertThat(env.get("EXPORT_MODE")).isEqualTo(overlay.equals("push") ? "push" : "pull");

    Map<String, Object> port = map(list(container.get("ports")).getFirst());
    assertThat(port).containsEntry("name", "metrics");
    assertThat(port.get("containerPort"))
        .isEqualTo(imagePort())
        .isEqualTo(Integer.parseInt(Setting.EXPORTER_PORT.defaultValue()));
    assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/-/healthy");
    assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("metrics");
    assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/-/ready");

    Map<String, Object> security = map(container.get("securityContext"));
    assertThat(list(at(security, "capabilities", "drop"))).containsExactly("ALL");
    assertThat(list(at(security, "capabilities", "add")))
        .containsExactlyInAnyOrderElementsOf(
            overlay.equals("msr")
                ? List.of("DAC_READ_SEARCH", "SYS_RAWIO")
                : List.of("DAC_READ_SEARCH"));
    assertThat(security).containsEntry("readOnlyRootFilesystem", true);
    assertThat(security)
        .containsEntry("allowPrivilegeEscalation", overlay.equals("msr"))
        .containsEntry("privileged", overlay.equals("msr"));

    // The host's /sys, read-only, is where SYSFS_PATH and CGROUP_PATH point.
    String sysMount = mountOf(pod, container, "/sys");
    assertThat(readOnly(container, sysMount)).isTrue();
    assertThat(env).containsEntry("SYSFS_PATH", sysMount);
    assertThat(env).containsEntry("CGROUP_PATH", sysMount + "/fs/cgroup");
    if (overlay.equals("msr")) {
      assertThat(env).containsEntry("SENSORS", "msr");
      assertThat(env).containsEntry("MSR_PATH", mountOf(pod, container, "/dev/cpu"));
    }
    if (overlay.equals("push")) {
      assertThat(env.get("SPOOL_DIR")).startsWith(mountOf(pod, container, "/var/lib/jouleflow"));
      assertThat(env.get("EXTERNAL_LABELS")).isEqualTo("instance=node-1");
    } else {
      assertThat(env).containsEntry("SPOOL_DIR", "");
    }
    List<Object> services = build(overlay).stream().filter(d -> kind(d, "Service")).toList();
    assertThat(services).hasSize(1);
    assertThat(map(list(at(map(services.getFirst()), "spec", "ports")).getFirst()))
        .containsEntry("name", "metrics")
        .containsEntry("targetPort", "metrics");
  }

  @Test
  void thePodMonitorScrapesEveryAgentAsANamedConsumerKeepingItsTimestamps() throws Exception {
    Map<String, Object> monitor = only(build("monitoring"), "PodMonitor");
    assertThat(at(monitor, "metadata", "namespace")).isEqualTo("jouleflow");
    assertThat(map(at(monitor, "spec", "selector", "matchLabels")))
        .isEqualTo(Map.of("app.kubernetes.io/name", "jouleflow"));
    Map<String, Object> endpoint = map(list(at(monitor, "spec", "podMetricsEndpoints")).getFirst());
    assertThat(endpoint).containsEntry("port", "metrics").containsEntry("honorTimestamps", true);
    assertThat(list(at(endpoint, "params", "consumer"))).hasSize(1);
    assertThat(endpoint.get("interval")).isNotNull();
  }

  @Test
  void theManifestsPassYamllint() throws Exception {
    Result lint = run("yamllint", "yamllint", "-s", "-c", ".yamllint", ".");
    assertThat(lint.exitCode()).as(lint.output()).isZero();
  }

  private static Map<String, String> settings(Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> helpers = new ArrayList<>();
    for (Object o : list(container.get("env"))) {
      Map<String, Object> variable = map(o);
      String name = (String) variable.get("name");
      if (variable.containsKey("valueFrom") || name.startsWith("NVIDIA_")) {
        helpers.add(name); // a helper for $(NAME) references, or read by the NVIDIA runtime
        continue;
      }
      // Kubernetes expands $(NAME) only for variables defined before this one.
      Matcher reference = REFERENCE.matcher((String) variable.get("value"));
      while (reference.find()) {
        assertThat(helpers)
            .as(name + " refers to an earlier variable")
            .contains(reference.group(1));
      }
      assertThat(Arrays.stream(Setting.values()).map(Setting::name)).as(name).contains(name);
      env.put(name, ((String) variable.get("value")).replace("$(NODE_NAME)", "node-1"));
    }
    return env;
  }

  /** The container path where the host path {@code hostPath} is mounted. */
  private static String mountOf(
      Map<String, Object> pod, Map<String, Object> container, String hostPath) {
    String volume =
        list(pod.get("volumes")).stream()
            .map(KubernetesManifestsTest::map)
            .filter(v -> v.containsKey("hostPath"))
            .filter(v -> hostPath.equals(at(v, "hostPath", "path")))
            .map(v -> (String) v.get("name"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no hostPath volume of " + hostPath));
    return (String) mount(container, volume).get("mountPath");
  }

  private static boolean readOnly(Map<String, Object> container, String mountPath) {
    return list(container.get("volumeMounts")).stream()
        .map(KubernetesManifestsTest::map)
        .anyMatch(
            m -> mountPath.equals(m.get("mountPath")) && Boolean.TRUE.equals(m.get("readOnly")));
  }

  private static Map<String, Object> mount(Map<String, Object> container, String volume) {
    return list(container.get("volumeMounts")).stream()
        .map(KubernetesManifestsTest::map)
        .filter(m -> volume.equals(m.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
  }

  private static boolean kustomizeAtLeast(int major, int minor) {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = KUSTOMIZE_VERSION.matcher(out);
      if (!p.waitFor(30, TimeUnit.SECONDS) || !m.find()) {
        return false;
      }
      int found = Integer.parseInt(m.group(1));
      return found > major || (found == major && Integer.parseInt(m.group(2)) >= minor);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int imagePort() throws IOException {
    Matcher m = DOCKERFILE_PORT.matcher(Files.readString(Path.of("../deploy/Dockerfile")));
    assertThat(m.find()).as("deploy/Dockerfile sets EXPORTER_PORT").isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static List<Object> build(String overlay) throws Exception {
    assumeTrue(KUSTOMIZE_OK, KUSTOMIZE_MISSING);
    Result built = run("kubectl", "kubectl", "kustomize", overlay);
    assertThat(built.exitCode()).as(built.output()).isZero();
    List<Object> documents = new ArrayList<>();
    new Load(LoadSettings.builder().build())
        .loadAllFromString(built.output())
        .forEach(documents::add);
    return documents;
  }

  private static Map<String, Object> only(List<Object> documents, String kind) {
    List<Object> found = documents.stream().filter(d -> kind(d, kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return map(found.getFirst());
  }

  private static boolean kind(@Nullable Object document, String kind) {
    return document instanceof Map<?, ?> m && kind.equals(m.get("kind"));
  }

  private static @Nullable Object at(Map<String, Object> root, String... keys) {
    Object node = root;
    for (String key : keys) {
      node = node instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(@Nullable Object node) {
    assertThat(node).isInstanceOf(List.class);
    return (List<Object>) node;
  }

  private record Result(int exitCode, String output) {}

  /** Runs a Debian tool in the manifests' folder; fails in one line when it is not installed. */
  private static Result run(String debianPackage, String... command) throws Exception {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(MANIFESTS.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return fail(
          command[0]
              + " is not installed: apt-get install "
              + debianPackage
              + " (bin/test installs it)");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return fail(String.join(" ", command) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), output);
  }
}

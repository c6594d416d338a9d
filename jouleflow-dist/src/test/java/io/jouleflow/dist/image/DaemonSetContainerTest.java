package io.jouleflow.dist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DaemonSet's container settings are what ContainerImageIT runs the image with: read from
 * deploy/kubernetes/base/daemonset.yaml, and a setting the test would not run fails here (also
 * where podman cannot run the IT).
 */
class DaemonSetContainerTest {

  @Test
  void theBaseDaemonSetRunsAsTheImageTestRunsIt() throws Exception {
    DaemonSetContainer container = DaemonSetContainer.read(DaemonSetContainer.BASE);

    assertThat(container.sysMountPath()).isEqualTo("/host/sys");
    assertThat(container.env())
        .containsEntry("SYSFS_PATH", container.sysMountPath())
        .containsEntry("EXPORT_MODE", "pull");
    assertThat(String.join(" ", container.podmanArgs(Path.of("/tmp/fake-sys"))))
        .contains("--user 0")
        .contains("--cap-drop ALL --cap-add DAC_READ_SEARCH")
        .contains("--read-only --read-only-tmpfs=false")
        .contains("--security-opt no-new-privileges")
        .contains("--tmpfs /tmp:size=16m")
        .contains("--memory 128m")
        .contains("--cpus 0.25")
        .contains("--env SYSFS_PATH=/host/sys")
        .endsWith("--volume /tmp/fake-sys:/host/sys:ro");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "      terminationGracePeriodSeconds: 10|      hostNetwork: true|the pod sets hostNetwork",
        "            runAsNonRoot: false|            procMount: Unmasked|securityContext.procMount",
        "              add: [DAC_READ_SEARCH]|              add: [DAC_READ_SEARCH, SYS_ADMIN]|",
        "              readOnly: true|              readOnly: false|the host's /sys is mounted writable",
        "          imagePullPolicy: IfNotPresent|          workingDir: /|the container sets workingDir",
        "            sizeLimit: 16Mi|            sizeLimit: 16M|the quantity 16M",
      })
  void aSettingTheImageTestDoesNotRunFailsByName(String line, String replacement, String message)
      throws Exception {
    String yaml = Files.readString(DaemonSetContainer.BASE);
    assertThat(yaml).contains(line + "\n");
    String changed = yaml.replace(line + "\n", replacement.replace("\\n", "\n") + "\n");
    if (message == null) {
      // Translated, not refused: the IT runs the changed setting.
      assertThat(String.join(" ", DaemonSetContainer.parse(changed).podmanArgs()))
          .contains("--cap-add DAC_READ_SEARCH --cap-add SYS_ADMIN");
      return;
    }
    assertThatThrownBy(() -> DaemonSetContainer.parse(changed))
        .hasMessageContaining(message)
        .hasMessageContaining("ContainerImageIT does not run");
  }
}

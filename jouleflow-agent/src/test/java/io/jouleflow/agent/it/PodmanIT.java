package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.fixture.Podman;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The container fixture the image and package tests stand on: the stand-in Debian base is in
 * podman's store, a container runs from it with this fixture's containers.conf, and closing a
 * detached container removes it, and a container that fails to start is not left behind.
 */
class PodmanIT {

  @Test
  void runsTheStandInDebianBaseAndRemovesDetachedContainers() throws Exception {
    Podman podman = Podman.require();

    Podman.Result release =
        podman
            .exec(
                Duration.ofSeconds(60), "run", "--rm", podman.baseImage(), "cat", "/etc/os-release")
            .orThrow("podman run");
    assertThat(release.stdout()).contains("VERSION_CODENAME=bookworm");

    String name;
    try (Podman.Container container =
        podman.startIdle(List.of("--network", "host"), Podman.BASE_IMAGE)) {
      name = container.name();
      assertThat(container.exec("sh", "-c", "ulimit -n; id -u").orThrow("podman exec").stdout())
          .endsWith("0\n");
      assertThat(ours(podman)).contains(name);
    }
    assertThat(podman.exec(Duration.ofSeconds(30), "container", "exists", name).exitCode())
        .as("container %s removed on close", name)
        .isEqualTo(1);
  }

  @Test
  void aContainerThatFailsToStartIsRemoved() throws Exception {
    Podman podman = Podman.require();
    List<String> before = ours(podman);

    assertThatThrownBy(() -> podman.start(Podman.BASE_IMAGE, "/no/such/program"))
        .hasMessageContaining("/no/such/program");
    assertThat(ours(podman)).isEqualTo(before);
  }

  /** The names of the containers this JVM started and has not removed. */
  private static List<String> ours(Podman podman) throws Exception {
    return podman
        .exec(
            Duration.ofSeconds(30),
            "ps",
            "--all",
            "--filter",
            "label=" + Podman.OWNER + "=" + ProcessHandle.current().pid(),
            "--format",
            "{{.Names}}")
        .orThrow("podman ps")
        .stdout()
        .lines()
        .toList();
  }
}

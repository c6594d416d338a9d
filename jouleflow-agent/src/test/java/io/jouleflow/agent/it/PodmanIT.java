package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.fixture.Podman;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The container fixture the image and package tests stand on: the stand-in Debian base is in
 * podman's store, a container runs from it with this fixture's containers.conf, and closing a
 * detached container removes it.
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
        podman.start("--network", "host", Podman.BASE_IMAGE, "sleep", "300")) {
      name = container.name();
      assertThat(container.exec("sh", "-c", "ulimit -n; id -u").orThrow("podman exec").stdout())
          .endsWith("0\n");
    }
    assertThat(podman.exec(Duration.ofSeconds(30), "container", "exists", name).exitCode())
        .as("container %s removed on close", name)
        .isEqualTo(1);
  }
}

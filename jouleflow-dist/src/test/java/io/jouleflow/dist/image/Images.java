package io.jouleflow.dist.image;

import io.jouleflow.agent.fixture.Podman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The images under test, built once per test run from the repository root (the build context the
 * README names), tagged under {@code localhost/jouleflow-test/} and labelled {@value #LABEL}. A
 * rebuild moves the tag; the images it left untagged are pruned by that label, so repeated runs
 * keep one image of each (and podman's layer cache) and touch no one else's.
 */
final class Images {

  static final String AGENT = "localhost/jouleflow-test/jouleflow:it";
  static final String SENSOR_EXAMPLE = "localhost/jouleflow-test/jouleflow-dummy:it";
  static final String PYTHON = "localhost/jouleflow-test/jouleflow-python:it";
  static final String LABEL = "io.jouleflow.test=jouleflow-dist";

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DEB = ROOT.resolve("jouleflow-dist/target/jouleflow.deb");
  static final Path PLUGIN_JAR =
      ROOT.resolve("jouleflow-plugin-example/target/jouleflow-plugin-example.jar");

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
  private static boolean agentBuilt;
  private static boolean sensorBuilt;
  private static boolean pythonBuilt;

  private Images() {}

  /** {@code deploy/Dockerfile} on the stand-in Debian base, with the .deb of this build. */
  static synchronized String agent(Podman podman) throws IOException {
    if (!agentBuilt) {
      requireBuilt(DEB, "./mvnw -pl jouleflow-dist -am package -DskipTests");
      build(podman, AGENT, "deploy/Dockerfile", "BASE_IMAGE=" + podman.baseImage());
      agentBuilt = true;
    }
    return AGENT;
  }

  /** {@code deploy/Dockerfile.sensor-example} FROM {@link #agent}. */
  static synchronized String sensorExample(Podman podman) throws IOException {
    if (!sensorBuilt) {
      String from = agent(podman);
      requireBuilt(PLUGIN_JAR, "./mvnw -pl jouleflow-plugin-example -am package -DskipTests");
      build(podman, SENSOR_EXAMPLE, "deploy/Dockerfile.sensor-example", "JOULEFLOW_IMAGE=" + from);
      sensorBuilt = true;
    }
    return SENSOR_EXAMPLE;
  }

  /**
   * {@code deploy/Dockerfile.python} FROM {@link #agent}: apt-get installs python3 from Debian's
   * mirror, so the build runs on the host's network.
   */
  static synchronized String python(Podman podman) throws IOException {
    if (!pythonBuilt) {
      String from = agent(podman);
      build(
          podman, PYTHON, "deploy/Dockerfile.python", "JOULEFLOW_IMAGE=" + from, "--network=host");
      pythonBuilt = true;
    }
    return PYTHON;
  }

  private static void build(
      Podman podman, String tag, String dockerfile, String buildArg, String... options)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                // podman's default OCI format has no HEALTHCHECK: the docker format keeps it.
                "--format",
                "docker",
                "--file",
                ROOT.resolve(dockerfile).toString(),
                "--build-arg",
                buildArg,
                "--label",
                LABEL,
                "--tag",
                tag,
                ROOT.toString()));
    args.addAll(1, List.of(options));
    podman.exec(BUILD_TIMEOUT, args.toArray(String[]::new)).orThrow("podman build of " + tag);
    // An untagged image still used by a container stays until a later run prunes it.
    podman
        .exec(BUILD_TIMEOUT, "image", "prune", "--force", "--filter", "label=" + LABEL)
        .orThrow("podman image prune");
  }

  private static void requireBuilt(Path file, String command) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: build it first (" + command + ")");
    }
  }
}

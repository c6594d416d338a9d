package io.jouleflow.dist.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image's build context (the repository root) sends only what the Dockerfiles copy: podman's
 * .containerignore and docker's .dockerignore ignore everything else, with the same rules.
 */
class BuildContextTest {

  /** A COPY line's flags ({@code --chown=...}) and its first source. */
  private static final Pattern COPY = Pattern.compile("(?m)^COPY((?:\\s+--\\S+)*)\\s+(\\S+)\\s");

  @Test
  void theIgnoreFilesLetInExactlyWhatTheDockerfilesCopy() throws Exception {
    List<String> podman = rules(".containerignore");
    assertThat(rules(".dockerignore")).isEqualTo(podman);

    List<String> copied;
    try (Stream<Path> dockerfiles = Files.list(Images.ROOT.resolve("deploy"))) {
      copied =
          dockerfiles
              .filter(f -> f.getFileName().toString().startsWith("Dockerfile"))
              .sorted()
              .flatMap(BuildContextTest::copied)
              .toList();
    }
    assertThat(copied)
        .containsExactly(
            "jouleflow-dist/target/jouleflow.deb",
            "jouleflow-plugin-example/target/jouleflow-plugin-example.jar");
    assertThat(podman).first().isEqualTo("*");
    assertThat(podman.subList(1, podman.size()))
        .containsExactlyElementsOf(copied.stream().map(c -> "!" + c).toList());
  }

  private static List<String> rules(String file) throws Exception {
    return Files.readAllLines(Images.ROOT.resolve(file)).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** The first source of each COPY from the build context (not {@code --from} a stage). */
  private static Stream<String> copied(Path dockerfile) {
    try {
      Matcher m = COPY.matcher(Files.readString(dockerfile));
      return m
          .results()
          .filter(r -> !r.group(1).contains("--from"))
          .map(r -> r.group(2))
          .toList()
          .stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

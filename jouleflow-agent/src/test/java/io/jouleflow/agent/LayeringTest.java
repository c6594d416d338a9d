package io.jouleflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages form layers: each may use only the packages below it, never one above or
 * beside it, so there are no cycles and nothing calls back up into the composition root. The order
 * is the one docs/architecture.md draws.
 */
class LayeringTest {

  private static final Path SOURCES = Path.of("src/main/java/io/jouleflow/agent");
  private static final String ROOT = "io.jouleflow.agent.";
  private static final Pattern REFERENCE =
      Pattern.compile("\\bio\\.jouleflow\\.agent\\.([a-z.]+)\\.(?:[A-Z]|\\*)");

  /** Highest first; packages of one rank may not use each other. */
  private static final Map<String, Integer> RANK =
      Map.ofEntries(
          Map.entry("cli", 10),
          Map.entry("assembly", 9),
          Map.entry("export.pull", 8),
          Map.entry("export.remotewrite", 8),
          Map.entry("web", 8),
          Map.entry("attribution", 7),
          Map.entry("plugin.exec", 7),
          Map.entry("plugin", 6),
          Map.entry("sensor.rapl", 5),
          Map.entry("sensor.msr", 5),
          Map.entry("sensor.nvml", 5),
          Map.entry("sensor.model", 5),
          Map.entry("sensor", 4),
          Map.entry("sampling", 4),
          Map.entry("buffer", 3),
          Map.entry("config", 2),
          Map.entry("metrics", 1),
          Map.entry("runtime", 0));

  @Test
  void everyPackageHasARankAndAPackageInfoSayingWhatItOwns() throws IOException {
    List<String> packages = packages();
    assertThat(packages).containsExactlyInAnyOrderElementsOf(RANK.keySet());
    for (String name : packages) {
      Path info = SOURCES.resolve(name.replace('.', '/')).resolve("package-info.java");
      assertThat(info).as("package-info of %s", name).exists();
      assertThat(Files.readString(info)).as("package-info of %s", name).contains("/**");
    }
  }

  @Test
  void noPackageUsesAPackageAboveOrBesideIt() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String name : packages()) {
      for (Path file : javaFiles(SOURCES.resolve(name.replace('.', '/')))) {
        for (String used : usedPackages(file)) {
          if (!used.equals(name) && RANK.containsKey(used) && RANK.get(used) >= RANK.get(name)) {
            violations.add(name + " (" + file.getFileName() + ") uses " + used);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theExportersReadOnlyTheBufferAndTheSelfMetricsNotTheSamplerOrThePlugins()
      throws IOException {
    for (String exporter : List.of("export.pull", "export.remotewrite", "web")) {
      TreeSet<String> used = new TreeSet<>();
      for (Path file : javaFiles(SOURCES.resolve(exporter.replace('.', '/')))) {
        used.addAll(usedPackages(file));
      }
      used.remove(exporter);
      assertThat(used)
          .as("what %s uses", exporter)
          .isSubsetOf("buffer", "metrics", "runtime", "config");
    }
  }

  private static List<String> packages() throws IOException {
    try (Stream<Path> all = Files.walk(SOURCES)) {
      return all.filter(Files::isDirectory)
          .filter(dir -> !javaFiles(dir).isEmpty())
          .map(dir -> SOURCES.relativize(dir).toString().replace('/', '.'))
          .sorted()
          .toList();
    }
  }

  private static List<Path> javaFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TreeSet<String> usedPackages(Path file) throws IOException {
    TreeSet<String> used = new TreeSet<>();
    Matcher matcher = REFERENCE.matcher(Files.readString(file));
    while (matcher.find()) {
      used.add(matcher.group(1));
    }
    return used;
  }
}

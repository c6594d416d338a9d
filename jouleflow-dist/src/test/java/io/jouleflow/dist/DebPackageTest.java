package io.jouleflow.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's contents and control data as {@code dpkg-deb} reads them: the installed layout,
 * owners and modes, the conffile, the dependencies (what the bundled runtime links against is
 * libc6's), the {@code /usr/bin} link, and the AOT cache made at build time, which the JVM accepts
 * where the package is unpacked. Runs after {@code package} (surefire is bound to
 * pre-integration-test in this module).
 */
class DebPackageTest {

  private static final Path REPO = Path.of("..");
  private static final String LIB = "./usr/lib/jouleflow/";

  /** The libraries of Debian's libc6 that a JDK links against. */
  private static final String LIBC6 =
      "lib(c|dl|pthread|rt|m)\\.so\\.\\d+|ld-linux(-x86-64|-aarch64)\\.so\\.\\d+";

  /** A NEEDED line of {@code objdump -p} ({@code NEEDED libc.so.6}) or {@code readelf -d}. */
  private static final Pattern NEEDED =
      Pattern.compile("^\\s*NEEDED\\s+(\\S+)$|\\(NEEDED\\)\\s+Shared library: \\[(.+)\\]");

  /** One line of {@code dpkg-deb -c}: mode, owner/group, path and a link's target. */
  private record Entry(String mode, String owner, String target) {}

  @Test
  void theControlDataNamesThePackageItsDependenciesAndTheConffile(@TempDir Path tmp)
      throws IOException {
    String deb = Deb.file().toString();
    assertThat(Deb.run(Map.of(), "dpkg-deb", "-f", deb, "Package").stdout())
        .isEqualTo("jouleflow\n");
    assertThat(Deb.run(Map.of(), "dpkg-deb", "-f", deb, "Version").stdout())
        .isEqualTo(Deb.VERSION.replace('-', '~') + "\n");
    assertThat(Deb.run(Map.of(), "dpkg-deb", "-f", deb, "Architecture").stdout())
        .isEqualTo(System.getProperty("deb.arch", "amd64") + "\n");
    assertThat(dependsOn(Deb.run(Map.of(), "dpkg-deb", "-f", deb, "Depends").stdout()))
        .contains("libc6");

    Path control = tmp.resolve("DEBIAN");
    Deb.run(Map.of(), "dpkg-deb", "-e", deb, control.toString());
    assertThat(Files.readString(control.resolve("conffiles")))
        .isEqualTo("/etc/default/jouleflow\n");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      Path file = control.resolve(script);
      assertThat(Files.isExecutable(file)).as(script + " executable").isTrue();
      assertThat(Deb.exec(Map.of(), "sh", "-n", file.toString()).exitCode())
          .as("sh -n " + script)
          .isZero();
    }
  }

  @Test
  void theBundledRuntimeNeedsNoLibraryButLibc6s(@TempDir Path tmp) throws IOException {
    Path runtime = Deb.extract(tmp.resolve("root")).resolve("usr/lib/jouleflow/runtime");
    List<Path> binaries;
    try (Stream<Path> files = Files.walk(runtime)) {
      binaries =
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".so") || f.equals(runtime.resolve("bin/java")))
              .toList();
    }
    Set<String> bundled =
        binaries.stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    assertThat(binaries)
        .contains(runtime.resolve("bin/java"), runtime.resolve("lib/server/libjvm.so"));
    Map<String, Set<String>> needed = new TreeMap<>();
    for (Path binary : binaries) {
      for (String library : needed(binary)) {
        if (!bundled.contains(library)) {
          needed
              .computeIfAbsent(library, l -> new TreeSet<>())
              .add(runtime.relativize(binary).toString());
        }
      }
    }
    assertThat(needed)
        .as("libraries the runtime needs from the system (Depends: libc6 covers %s)", LIBC6)
        .isNotEmpty()
        .allSatisfy((library, by) -> assertThat(library).as("needed by " + by).matches(LIBC6));
  }

  @Test
  void everyFileIsRootsWithTheModeItNeedsAndTheLauncherIsOnThePath() throws IOException {
    Map<String, Entry> entries = contents();
    assertThat(entries.values()).allSatisfy(e -> assertThat(e.owner()).isEqualTo("root/root"));
    assertThat(entries)
        .allSatisfy(
            (path, e) ->
                assertThat(e.mode().charAt(5) == 'w' || e.mode().charAt(8) == 'w')
                    .as(path + " writable by group or others: " + e.mode())
                    .isFalse());
    Map<String, String> modes = new LinkedHashMap<>();
    for (String exe :
        List.of(
            "bin/jouleflow",
            "runtime/bin/java",
            "runtime/lib/jspawnhelper",
            "exec/monitor_adapter.py")) {
      modes.put(LIB + exe, "-rwxr-xr-x");
    }
    for (String file :
        List.of(
            "bin/find-java",
            "lib/jouleflow.jar",
            "lib/jouleflow.aot",
            "runtime/lib/modules",
            "runtime/lib/server/libjvm.so")) {
      modes.put(LIB + file, "-rw-r--r--");
    }
    modes.put(LIB + "plugins/", "drwxr-xr-x");
    for (String file :
        List.of(
            "./lib/systemd/system/jouleflow.service",
            "./etc/default/jouleflow",
            "./usr/lib/sysusers.d/jouleflow.conf",
            "./usr/lib/tmpfiles.d/jouleflow.conf",
            "./usr/share/doc/jouleflow/copyright",
            "./usr/share/doc/jouleflow/changelog.gz")) {
      modes.put(file, "-rw-r--r--");
    }
    modes.forEach(
        (path, mode) ->
            assertThat(entries.getOrDefault(path, new Entry("missing", "", "")).mode())
                .as(path)
                .isEqualTo(mode));

    Entry link = entries.getOrDefault("./usr/bin/jouleflow", new Entry("missing", "", ""));
    assertThat(link.mode()).startsWith("l");
    assertThat(Path.of("/usr/bin").resolve(link.target()).normalize())
        .isEqualTo(Path.of("/usr/lib/jouleflow/bin/jouleflow"));
  }

  @Test
  void theInstalledFilesAreTheRepositorysAndTheRuntimeHasOnlyTheAgentsModules(@TempDir Path tmp)
      throws IOException {
    Path root = Deb.extract(tmp.resolve("root"));
    Map<String, String> installed =
        Map.of(
            "deploy/systemd/jouleflow.service", "lib/systemd/system/jouleflow.service",
            "deploy/systemd/jouleflow.default", "etc/default/jouleflow",
            "deploy/systemd/jouleflow.sysusers", "usr/lib/sysusers.d/jouleflow.conf",
            "deploy/systemd/jouleflow.tmpfiles", "usr/lib/tmpfiles.d/jouleflow.conf",
            "bin/jouleflow", "usr/lib/jouleflow/bin/jouleflow",
            "bin/find-java", "usr/lib/jouleflow/bin/find-java");
    installed.forEach(
        (source, target) ->
            assertThat(root.resolve(target))
                .as(target)
                .hasSameTextualContentAs(REPO.resolve(source)));
    assertThat(root.resolve("usr/lib/jouleflow/runtime/release"))
        .content()
        .contains("MODULES=\"java.base java.net.http jdk.httpserver jdk.unsupported\"");
    assertThat(root.resolve("usr/lib/jouleflow/plugins")).isEmptyDirectory();
  }

  @Test
  void theAotCacheMadeAtBuildTimeIsUsedWhereThePackageIsUnpacked(@TempDir Path tmp)
      throws IOException {
    Path root = Deb.extract(tmp.resolve("root"));
    // AOTMode=on: the JVM stops when it cannot use the cache, instead of going on without it.
    Deb.Result version =
        Deb.exec(
            Map.of("JOULEFLOW_JAVA_OPTS", "-XX:AOTMode=on"),
            root.resolve("usr/bin/jouleflow").toString(),
            "--version");
    assertThat(version.stderr()).isEmpty();
    assertThat(version.stdout()).isEqualTo("jouleflow " + Deb.VERSION + "\n");
    assertThat(version.exitCode()).isZero();
  }

  @Test
  void aStaleAotCacheIsIgnoredWithoutAWord(@TempDir Path tmp) throws IOException {
    Path root = Deb.extract(tmp.resolve("root"));
    Path jar = root.resolve("usr/lib/jouleflow/lib/jouleflow.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now())); // as if the jar were replaced
    String launcher = root.resolve("usr/bin/jouleflow").toString();

    Deb.Result version = Deb.exec(Map.of(), launcher, "--version");
    assertThat(version.stderr()).isEmpty();
    assertThat(version.stdout()).isEqualTo("jouleflow " + Deb.VERSION + "\n");
    assertThat(version.exitCode()).isZero();
    assertThat(Deb.exec(Map.of("JOULEFLOW_JAVA_OPTS", "-XX:AOTMode=on"), launcher, "--version"))
        .as("the cache really is stale")
        .extracting(Deb.Result::exitCode)
        .isNotEqualTo(0);
  }

  /** The package names of a Depends field ({@code a (>= 1), b | c}: a, b, c). */
  private static List<String> dependsOn(String field) {
    return Stream.of(field.strip().split("[,|]"))
        .map(d -> d.strip().split("[\\s(:]", 2)[0])
        .toList();
  }

  /** The NEEDED entries of an ELF file's dynamic section, by objdump or else readelf (binutils). */
  private static List<String> needed(Path elf) throws IOException {
    boolean objdump = Deb.exec(Map.of(), "sh", "-c", "command -v objdump").exitCode() == 0;
    String out =
        objdump
            ? Deb.run(Map.of(), "objdump", "-p", elf.toString()).stdout()
            : Deb.run(Map.of(), "readelf", "-d", elf.toString()).stdout();
    return out.lines()
        .map(NEEDED::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1) != null ? m.group(1) : m.group(2))
        .toList();
  }

  /** {@code dpkg-deb -c}: path -> entry, e.g. {@code -rw-r--r-- root/root 1079 DATE TIME ./x}. */
  private static Map<String, Entry> contents() throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String line :
        Deb.run(Map.of(), "dpkg-deb", "-c", Deb.file().toString()).stdout().lines().toList()) {
      String[] f = line.trim().split("\\s+", 6);
      String[] pathAndTarget = f[5].split(" -> ", 2);
      entries.put(
          pathAndTarget[0],
          new Entry(f[0], f[1], pathAndTarget.length > 1 ? pathAndTarget[1] : ""));
    }
    return entries;
  }
}

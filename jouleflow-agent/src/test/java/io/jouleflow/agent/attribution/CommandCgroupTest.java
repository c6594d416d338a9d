package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's cgroup on fake cgroup folders: where it goes, how it is joined and read. */
class CommandCgroupTest {

  private static final String SESSION = "user.slice/user-1000.slice/session-3.scope";

  @TempDir Path dir;

  @Test
  void theOwnCgroupIsTheV2LineOrTheV1CpuacctLine() throws IOException {
    Path proc =
        write(
            "self-cgroup",
            "12:cpu,cpuacct:/system.slice/ssh.service\n4:memory:/x\n0::/" + SESSION + "\n");
    assertThat(CommandCgroup.ownCgroup(proc, 2)).contains(SESSION);
    assertThat(CommandCgroup.ownCgroup(proc, 1)).contains("system.slice/ssh.service");
    Path atRoot = write("root-cgroup", "2:cpuacct:/\n0::/\n");
    assertThat(CommandCgroup.ownCgroup(atRoot, 2)).isEmpty();
    assertThat(CommandCgroup.ownCgroup(atRoot, 1)).isEmpty();
    assertThat(CommandCgroup.ownCgroup(dir.resolve("missing"), 2)).isEmpty();
  }

  @Test
  void itIsMadeUnderTheAgentsOwnCgroupAndAProcessJoinsIt() throws Exception {
    Path root = dir.resolve("unified");
    Files.createDirectories(root.resolve(SESSION));
    try (CommandCgroup cgroup =
        CommandCgroup.create(root, 2, write("cgroup", "0::/" + SESSION + "\n"), 42)) {
      assertThat(cgroup.path()).isEqualTo(root.resolve(SESSION).resolve("jouleflow-measure-42"));
      assertThat(cgroup.description()).isEqualTo("cgroup v2 " + cgroup.path());
      // the probe shell wrote its pid there
      assertThat(Files.readString(cgroup.path().resolve("cgroup.procs")).strip()).matches("[0-9]+");
      Files.delete(cgroup.path().resolve("cgroup.procs"));
    }
    assertThat(root.resolve(SESSION).resolve("jouleflow-measure-42")).doesNotExist();
  }

  @Test
  void itIsMadeAtTheRootWhereTheOwnCgroupCannotHoldIt() throws Exception {
    Path root = dir.resolve("cpuacct");
    Files.createDirectories(root);
    Path proc = write("cgroup", "3:cpuacct,cpu:/gone/away\n");
    try (CommandCgroup cgroup = CommandCgroup.create(root, 1, proc, 7)) {
      assertThat(cgroup.path()).isEqualTo(root.resolve("jouleflow-measure-7"));
      Files.delete(cgroup.path().resolve("cgroup.procs"));
    }
  }

  @Test
  void whereNoneCanBeMadeOneLineSaysWhy() throws IOException {
    Path proc = write("cgroup", "0::/\n");
    assertThatThrownBy(() -> CommandCgroup.create(dir.resolve("none"), 2, proc, 9))
        .isInstanceOf(AttributionUnavailableException.class)
        .hasMessage(
            "cannot make "
                + dir.resolve("none/jouleflow-measure-9")
                + ": its parent folder does not exist");
    assertThatThrownBy(() -> CommandCgroup.create(dir, proc, 9))
        .isInstanceOf(AttributionUnavailableException.class)
        .hasMessage("no cgroup v2 or v1 cpuacct hierarchy under " + dir);
  }

  @Test
  void v2ComesBeforeV1OnAHybridHost() throws IOException {
    write("unified/cgroup.controllers", "cpu memory\n");
    write("cpu,cpuacct/cpuacct.usage", "0\n");
    assertThat(CommandCgroup.hierarchies(dir))
        .isEqualTo(Map.of(dir.resolve("unified"), 2, dir.resolve("cpu,cpuacct"), 1));
    assertThat(CommandCgroup.hierarchies(dir).keySet().iterator().next())
        .isEqualTo(dir.resolve("unified"));
  }

  @Test
  void itsCpuTimeIsUsageUsecOrCpuacctUsageInNanoseconds() throws Exception {
    Path proc = write("cgroup", "0::/\n");
    Files.createDirectories(dir.resolve("v2"));
    Files.createDirectories(dir.resolve("v1"));
    try (CommandCgroup v2 = CommandCgroup.create(dir.resolve("v2"), 2, proc, 1);
        CommandCgroup v1 = CommandCgroup.create(dir.resolve("v1"), 1, proc, 1)) {
      Files.writeString(
          v2.path().resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
      Files.writeString(v1.path().resolve("cpuacct.usage"), "1234567\n");
      assertThat(v2.cpuNanos()).isEqualTo(1_500_000);
      assertThat(v1.cpuNanos()).isEqualTo(1_234_567);
      clear(v2.path());
      clear(v1.path());
    }
  }

  @Test
  void aCgroupStillHoldingSomethingIsLeftAndSaidSo() throws Exception {
    Path proc = write("cgroup", "0::/\n");
    CommandCgroup cgroup = CommandCgroup.create(dir, 2, proc, 3);
    assertThat(cgroup.remove()).isFalse();
    assertThat(cgroup.path()).isDirectory();
    clear(cgroup.path());
    assertThat(cgroup.remove()).isTrue();
  }

  @Test
  void theCommandRunsWithItsArgumentsAsTheyAreAfterJoining() throws Exception {
    Path proc = write("cgroup", "0::/\n");
    try (CommandCgroup cgroup = CommandCgroup.create(dir, 2, proc, 5)) {
      Files.delete(cgroup.path().resolve("cgroup.procs"));
      List<String> command = List.of("printf", "[%s]", "a b", "$HOME", "*", "'\"");
      List<String> wrapped = cgroup.wrap(command);
      assertThat(wrapped.subList(0, 2)).containsExactly("/bin/sh", "-c");
      assertThat(wrapped.subList(3, 5))
          .containsExactly("jouleflow", cgroup.path().resolve("cgroup.procs").toString());
      assertThat(wrapped.subList(5, wrapped.size())).isEqualTo(command);

      Process process = new ProcessBuilder(wrapped).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).isZero();
      assertThat(output).isEqualTo("[a b][$HOME][*]['\"]");
      assertThat(Files.readString(cgroup.path().resolve("cgroup.procs")).strip())
          .isEqualTo(Long.toString(process.pid()));
      Files.delete(cgroup.path().resolve("cgroup.procs"));
    }
  }

  private static void clear(Path cgroup) throws IOException {
    try (var files = Files.list(cgroup)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }
}

package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.config.AttributionLevel;
import io.jouleflow.agent.fixture.FakeCgroupTree;
import io.jouleflow.agent.fixture.FakeCgroupTree.Layout;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CgroupCpuTest {

  static final String ID = CgroupClassifierTest.ID;
  static final String UID = "12345678-90ab-cdef-1234-567890abcdef";
  static final String SYSTEMD_POD =
      "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
          + UID.replace('-', '_')
          + ".slice";
  static final Duration HALF_SECOND = Duration.ofMillis(500);

  @TempDir Path dir;
  final FakeClock clock = new FakeClock();
  Path sysfs;

  @BeforeEach
  void fourCpus() throws IOException {
    sysfs = dir.resolve("sys");
    Files.createDirectories(sysfs.resolve("devices/system/cpu"));
    Files.writeString(sysfs.resolve("devices/system/cpu/online"), "0-3\n");
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void readsTheCpuTimeOfEachWorkloadOfASystemdHost(Layout layout) throws Exception {
    FakeCgroupTree tree = tree(layout);
    tree.add(
        List.of(
            "init.scope",
            "system.slice/nginx.service",
            "system.slice/docker-" + ID + ".scope",
            "system.slice/foo.mount",
            "user.slice/user-1000.slice/session-3.scope"));

    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      CpuDeltas first = cpu.read();
      assertThat(first.elapsedNanos()).isZero();
      assertThat(first.cpuNanos()).containsOnly(0);
      assertThat(cpu.cpus()).isEqualTo(4);
      assertThat(cpu.workloadCount()).isEqualTo(5);

      tree.setUsage("init.scope", 10_000)
          .setUsage("system.slice/nginx.service", 200_000_000)
          .setUsage("system.slice/docker-" + ID + ".scope", 300_000_000)
          .setUsage("system.slice/foo.mount", 1_000)
          .setUsage("user.slice/user-1000.slice", 40_000_000)
          .setUsage("user.slice/user-1000.slice/session-3.scope", 39_000_000)
          .setUsage("", 600_000_000);
      clock.advance(HALF_SECOND);
      CpuDeltas second = cpu.read();

      assertThat(second.elapsedNanos()).isEqualTo(HALF_SECOND.toNanos());
      assertThat(byWorkload(second))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  other("init.scope"),
                  10_000L,
                  service("nginx.service"),
                  200_000_000L,
                  container("system.slice/docker-" + ID + ".scope", null),
                  300_000_000L,
                  other("system.slice/foo.mount"),
                  1_000L,
                  new Workload(
                      WorkloadKind.USER,
                      "user-1000.slice",
                      "user.slice/user-1000.slice",
                      null,
                      null),
                  40_000_000L));
      assertThat(second.otherNanos()).isEqualTo(600_000_000L - 540_011_000L);
      assertThat(second.gone()).isEmpty();
    }
  }

  @Test
  void readsContainersAndPodsOfTheCgroupfsDriverOnV1() throws Exception {
    FakeCgroupTree tree = tree(Layout.V1);
    String pod = "kubepods/besteffort/pod" + UID;
    tree.add(List.of("docker/" + ID, pod + "/" + ID.replace('4', '5'), "kubepods/burstable"));

    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.setUsage("docker/" + ID, 123_456_789).setUsage(pod, 5_000_001).setUsage("", 200_000_000);
      clock.advance(HALF_SECOND);

      CpuDeltas deltas = cpu.read();
      assertThat(byWorkload(deltas))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  container("docker/" + ID, null),
                  123_456_789L,
                  new Workload(WorkloadKind.POD, UID, pod, null, UID),
                  5_000_001L,
                  other("kubepods/burstable"),
                  0L));
      assertThat(deltas.otherNanos()).isEqualTo(200_000_000L - 128_456_790L);
    }
  }

  @Test
  void tellsTheContainersOfPodmanCriOAndContainerd() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    String podman = "machine.slice/libpod-" + ID + ".scope";
    String crio = "system.slice/crio-" + ID.replace('4', '6') + ".scope";
    String containerd = "system.slice/cri-containerd-" + ID.replace('4', '7') + ".scope";
    tree.add(List.of(podman, podman + "/container", crio, containerd));

    try (CgroupCpu cpu = open(tree, AttributionLevel.CONTAINER)) {
      cpu.read();
      tree.setUsage(podman, 1_000).setUsage(crio, 2_000).setUsage(containerd, 3_000);
      clock.advance(HALF_SECOND);

      assertThat(byWorkload(cpu.read()))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  container(podman, null), 1_000L,
                  container(crio, null), 2_000L,
                  container(containerd, null), 3_000L));
    }
  }

  @Test
  void takesAPodAsOneWorkloadAtLevelPod() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    String container = SYSTEMD_POD + "/cri-containerd-" + ID + ".scope";
    tree.add(container);

    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.setUsage(SYSTEMD_POD, 90_000_000).setUsage(container, 80_000_000);
      clock.advance(HALF_SECOND);

      assertThat(byWorkload(cpu.read()))
          .containsExactlyEntriesOf(Map.of(pod(SYSTEMD_POD), 90_000_000L));
    }
  }

  @Test
  void splitsAPodIntoItsContainersAndTheRestAtLevelContainer() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    String app = SYSTEMD_POD + "/cri-containerd-" + ID + ".scope";
    String sidecar = SYSTEMD_POD + "/cri-containerd-" + ID.replace('4', '8') + ".scope";
    String conmon = SYSTEMD_POD + "/crio-conmon-" + ID + ".scope";
    tree.add(List.of(app, sidecar, conmon));

    try (CgroupCpu cpu = open(tree, AttributionLevel.CONTAINER)) {
      cpu.read();
      tree.setUsage(SYSTEMD_POD, 90_000_000)
          .setUsage(app, 60_000_000)
          .setUsage(sidecar, 25_000_000)
          .setUsage(conmon, 1_000_000)
          .setUsage("", 100_000_000);
      clock.advance(HALF_SECOND);
      CpuDeltas deltas = cpu.read();

      assertThat(byWorkload(deltas))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  pod(SYSTEMD_POD), 5_000_000L,
                  container(app, UID), 60_000_000L,
                  container(sidecar, UID), 25_000_000L));
      assertThat(deltas.otherNanos()).isEqualTo(10_000_000L);
    }
  }

  @Test
  void reportsACgroupRemovedBetweenTwoReadsAsGone() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    tree.add(List.of("system.slice/a.service", "system.slice/b.service"));

    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.setUsage("system.slice/a.service", 7_000).setUsage("system.slice/b.service", 9_000);
      tree.setUsage("", 20_000);
      tree.remove("system.slice/b.service");
      clock.advance(HALF_SECOND);
      CpuDeltas deltas = cpu.read();

      assertThat(byWorkload(deltas)).containsExactlyEntriesOf(Map.of(service("a.service"), 7_000L));
      assertThat(deltas.gone()).containsExactly(service("b.service"));
      assertThat(deltas.otherNanos()).isEqualTo(13_000L);
      assertThat(cpu.readErrors()).isZero();

      clock.advance(Duration.ofSeconds(1));
      assertThat(cpu.read().gone()).isEmpty();
      assertThat(cpu.workloadCount()).isEqualTo(1);
    }
  }

  @Test
  void countsTheWholeCounterOfACgroupRecreatedAtTheSamePath() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    tree.add("system.slice/a.service").setUsage("system.slice/a.service", 50_000_000);

    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.recreate("system.slice/a.service", 3_000_000);
      clock.advance(HALF_SECOND);
      CpuDeltas recreated = cpu.read();
      tree.setUsage("system.slice/a.service", 1_000_000);
      clock.advance(HALF_SECOND);
      CpuDeltas backwards = cpu.read();

      assertThat(byWorkload(recreated))
          .containsExactlyEntriesOf(Map.of(service("a.service"), 3_000_000L));
      assertThat(recreated.gone()).isEmpty();
      assertThat(byWorkload(backwards))
          .containsExactlyEntriesOf(Map.of(service("a.service"), 1_000_000L));
    }
  }

  @Test
  void findsANewWorkloadAtTheNextWalkAndCountsItFromThere() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    tree.add("system.slice/a.service");

    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.add("system.slice/b.service").setUsage("system.slice/b.service", 4_000_000);
      clock.advance(HALF_SECOND);
      CpuDeltas beforeWalk = cpu.read();
      clock.advance(HALF_SECOND);
      CpuDeltas found = cpu.read();
      tree.setUsage("system.slice/b.service", 9_000_000);
      clock.advance(HALF_SECOND);
      CpuDeltas next = cpu.read();

      assertThat(beforeWalk.workloads()).containsExactly(service("a.service"));
      assertThat(byWorkload(found))
          .containsExactlyEntriesOf(orderedMap(service("a.service"), 0L, service("b.service"), 0L));
      assertThat(byWorkload(next))
          .containsExactlyEntriesOf(
              orderedMap(service("a.service"), 0L, service("b.service"), 5_000_000L));
    }
  }

  @Test
  void leavesOtherAtZeroWithoutARootCounterOrWhenWorkloadsAddUpToMore() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    tree.add("system.slice/a.service");
    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.setUsage("system.slice/a.service", 5_000).setUsage("", 4_000);
      clock.advance(HALF_SECOND);
      assertThat(cpu.read().otherNanos()).isZero();
    }
    tree.removeRootCounter();
    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      tree.setUsage("system.slice/a.service", 6_000);
      clock.advance(HALF_SECOND);
      CpuDeltas deltas = cpu.read();
      assertThat(deltas.cpuNanos()).containsExactly(1_000);
      assertThat(deltas.otherNanos()).isZero();
    }
  }

  @Test
  void countsAndLogsACounterItCannotRead() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    tree.add("system.slice/a.service");
    try (CgroupCpu cpu = open(tree, AttributionLevel.POD);
        LogCapture log = new LogCapture()) {
      cpu.read();
      Files.writeString(tree.counterFile("system.slice/a.service"), "garbage\n");
      clock.advance(HALF_SECOND);
      CpuDeltas deltas = cpu.read();

      assertThat(byWorkload(deltas)).containsExactlyEntriesOf(Map.of(service("a.service"), 0L));
      assertThat(cpu.readErrors()).isEqualTo(1);
      assertThat(log.text())
          .contains("attribution: cannot read " + tree.counterFile("system.slice/a.service"))
          .contains("holds no usage_usec");
    }
  }

  @Test
  void keepsNoFilesOpenForWorkloadsThatCameAndWent() throws Exception {
    FakeCgroupTree tree = tree(Layout.V2);
    try (CgroupCpu cpu = open(tree, AttributionLevel.POD)) {
      cpu.read();
      long openFiles = openFiles();
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 50; i++) {
          tree.add("system.slice/job-" + round + "-" + i + ".service");
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(cpu.read().workloads()).hasSize(50);
        tree.remove("system.slice");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cpu.read().gone()).hasSize(50);
      }
      assertThat(cpu.workloadCount()).isZero();
      assertThat(openFiles()).isEqualTo(openFiles);
    }
  }

  @Test
  void saysWhyWhereThereIsNoHierarchy() {
    assertThatThrownBy(() -> CgroupCpu.open(dir, sysfs, AttributionLevel.POD, clock))
        .isInstanceOf(AttributionUnavailableException.class)
        .hasMessageStartingWith("no cgroup hierarchy under CGROUP_PATH " + dir + ": found neither");
  }

  private FakeCgroupTree tree(Layout layout) throws IOException {
    return FakeCgroupTree.create(dir.resolve("cgroup"), layout);
  }

  private CgroupCpu open(FakeCgroupTree tree, AttributionLevel level) throws Exception {
    return CgroupCpu.open(tree.path(), sysfs, level, clock);
  }

  static Map<Workload, Long> byWorkload(CpuDeltas deltas) {
    Map<Workload, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < deltas.workloads().size(); i++) {
      map.put(deltas.workloads().get(i), deltas.cpuNanos()[i]);
    }
    assertThat(deltas.cpuNanos()).hasSize(deltas.workloads().size());
    return map;
  }

  private static Map<Workload, Long> orderedMap(Workload a, long aNanos, Workload b, long bNanos) {
    Map<Workload, Long> map = new LinkedHashMap<>();
    map.put(a, aNanos);
    map.put(b, bNanos);
    return map;
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  static Workload service(String name) {
    return new Workload(WorkloadKind.SERVICE, name, "system.slice/" + name, null, null);
  }

  static Workload other(String path) {
    return new Workload(
        WorkloadKind.OTHER, path.substring(path.lastIndexOf('/') + 1), path, null, null);
  }

  static Workload pod(String path) {
    return new Workload(WorkloadKind.POD, UID, path, null, UID);
  }

  static Workload container(String path, @Nullable String podUid) {
    String id = path.replaceAll(".*?([0-9a-f]{64}).*", "$1");
    return new Workload(WorkloadKind.CONTAINER, id.substring(0, 12), path, id, podUid);
  }
}

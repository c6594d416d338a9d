package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupClassifierTest {

  static final String ID = "4f2a9c1b7d3e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

  @ParameterizedTest
  @CsvSource({
    "system.slice/nginx.service, SERVICE, nginx.service, , ",
    "system.slice/system-getty.slice/getty@tty1.service, SERVICE, getty@tty1.service, , ",
    "system.slice/docker-" + ID + ".scope, CONTAINER, 4f2a9c1b7d3e, " + ID + ", ",
    "machine.slice/libpod-" + ID + ".scope, CONTAINER, 4f2a9c1b7d3e, " + ID + ", ",
    "system.slice/crio-" + ID + ".scope, CONTAINER, 4f2a9c1b7d3e, " + ID + ", ",
    "system.slice/cri-containerd-" + ID + ".scope, CONTAINER, 4f2a9c1b7d3e, " + ID + ", ",
    "docker/" + ID + ", CONTAINER, 4f2a9c1b7d3e, " + ID + ", ",
    "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12345678_90ab_cdef_1234_567890abcdef.slice,"
        + " POD, 12345678-90ab-cdef-1234-567890abcdef, , 12345678-90ab-cdef-1234-567890abcdef",
    "kubepods.slice/kubepods-pod12345678_90ab_cdef_1234_567890abcdef.slice,"
        + " POD, 12345678-90ab-cdef-1234-567890abcdef, , 12345678-90ab-cdef-1234-567890abcdef",
    "kubepods/besteffort/pod12345678-90ab-cdef-1234-567890abcdef,"
        + " POD, 12345678-90ab-cdef-1234-567890abcdef, , 12345678-90ab-cdef-1234-567890abcdef",
    "kubepods/pod12345678-90ab-cdef-1234-567890abcdef,"
        + " POD, 12345678-90ab-cdef-1234-567890abcdef, , 12345678-90ab-cdef-1234-567890abcdef",
    "user.slice/user-1000.slice, USER, user-1000.slice, , ",
  })
  void namesWorkloadsByTheirPaths(
      String path,
      WorkloadKind kind,
      String name,
      @Nullable String containerId,
      @Nullable String podUid) {
    assertThat(CgroupClassifier.classify(path))
        .isEqualTo(new Workload(kind, name, path, containerId, podUid));
  }

  @ParameterizedTest
  @CsvSource({
    "init.scope",
    "system.slice",
    "system.slice/foo.mount",
    "user.slice",
    "user.slice/user-1000.slice/session-3.scope",
    "machine.slice/libpod-conmon-" + ID + ".scope",
    ID,
    "docker",
    "elsewhere/pod12345678-90ab-cdef-1234-567890abcdef",
    "other.service",
  })
  void leavesOtherCgroupsToTheWalk(String path) {
    assertThat(CgroupClassifier.classify(path)).isNull();
  }

  @Test
  void findsAPodsContainersOfEveryRuntimeAndDriver() {
    String uid = "12345678-90ab-cdef-1234-567890abcdef";
    String pod = "kubepods/burstable/pod" + uid;
    for (String name :
        new String[] {
          "cri-containerd-" + ID + ".scope", "crio-" + ID + ".scope", "docker-" + ID + ".scope", ID
        }) {
      String path = pod + "/" + name;
      assertThat(CgroupClassifier.containerOfPod(path, uid))
          .isEqualTo(new Workload(WorkloadKind.CONTAINER, "4f2a9c1b7d3e", path, ID, uid));
    }
    assertThat(CgroupClassifier.containerOfPod(pod + "/crio-conmon-" + ID + ".scope", uid))
        .isNull();
  }

  @Test
  void namesOtherCgroupsByTheirLastElement() {
    assertThat(CgroupClassifier.other("system.slice/foo.mount"))
        .isEqualTo(
            new Workload(WorkloadKind.OTHER, "foo.mount", "system.slice/foo.mount", null, null));
  }

  @Test
  void tellsInterfaceFilesFromCgroups() {
    assertThat(CgroupWalk.isInterfaceFile("cpu.stat")).isTrue();
    assertThat(CgroupWalk.isInterfaceFile("cgroup.procs")).isTrue();
    assertThat(CgroupWalk.isInterfaceFile("tasks")).isTrue();
    assertThat(CgroupWalk.isInterfaceFile("cpuacct.usage_percpu")).isTrue();
    assertThat(CgroupWalk.isInterfaceFile("nginx.service")).isFalse();
    assertThat(CgroupWalk.isInterfaceFile("init.scope")).isFalse();
  }
}

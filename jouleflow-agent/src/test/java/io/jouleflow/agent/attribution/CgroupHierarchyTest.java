package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.fixture.FakeCgroupTree;
import io.jouleflow.agent.fixture.FakeCgroupTree.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupHierarchyTest {

  @TempDir Path dir;

  @Test
  void findsV2AtThePath() throws Exception {
    FakeCgroupTree.create(dir, Layout.V2);

    assertThat(CgroupHierarchy.detect(dir))
        .isEqualTo(new CgroupHierarchy(2, dir, "cgroup v2 at " + dir));
  }

  @Test
  void prefersTheUnifiedHierarchyOfAHybridHost() throws Exception {
    FakeCgroupTree.create(dir, Layout.HYBRID);

    Path unified = dir.resolve("unified");
    assertThat(CgroupHierarchy.detect(dir))
        .isEqualTo(new CgroupHierarchy(2, unified, "cgroup v2 at " + unified + " (hybrid)"));
  }

  @Test
  void fallsBackToV1Cpuacct() throws Exception {
    FakeCgroupTree.create(dir, Layout.V1);

    Path root = dir.resolve("cpu,cpuacct");
    assertThat(CgroupHierarchy.detect(dir))
        .isEqualTo(new CgroupHierarchy(1, root, "cgroup v1 cpuacct at " + root));
  }

  @Test
  void findsV1CpuacctMountedAlone() throws Exception {
    Files.createDirectories(dir.resolve("cpuacct"));
    Files.writeString(dir.resolve("cpuacct/cpuacct.usage"), "12\n");

    assertThat(CgroupHierarchy.detect(dir).root()).isEqualTo(dir.resolve("cpuacct"));
  }

  @Test
  void saysWhatItLookedForAndWhere() throws Exception {
    Files.createDirectories(dir.resolve("memory"));

    assertThatThrownBy(() -> CgroupHierarchy.detect(dir))
        .isInstanceOf(AttributionUnavailableException.class)
        .hasMessage(
            "no cgroup hierarchy under CGROUP_PATH "
                + dir
                + ": found neither cgroup.controllers (v2), unified/cgroup.controllers (hybrid)"
                + " nor cpuacct/cpuacct.usage or cpu,cpuacct/cpuacct.usage (v1)");
  }
}

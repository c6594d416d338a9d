package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.fixture.FakeCgroupTree;
import io.jouleflow.agent.fixture.FakePowercapTree;
import io.jouleflow.agent.fixture.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The energy per workload as the agent wires it: off in one line where it cannot run. */
class AgentAttributionTest {

  private static final String OFF = "energy per workload is off: ";

  @TempDir Path dir;

  @Test
  void withoutCgroupsTheAgentSaysSoInOneLineAndRunsWithout() throws Exception {
    try (FakePowercapTree tree = tree();
        LogCapture log = new LogCapture();
        Agent agent = Agent.start(SettingsLoader.load(environment(tree, "pod"), Map.of()), "t")) {
      assertThat(log.text().lines().filter(line -> line.contains(OFF))).hasSize(1);
      assertThat(log.text())
          .contains("jouleflow t: measuring package, dram of device 0 (rapl); 2 series every")
          .doesNotContain("energy per workload every");
      assertThat(agent.sampler().ring().width()).isEqualTo(2);
    }
  }

  @Test
  void attributionLevelOffSaysNothing() throws Exception {
    try (FakePowercapTree tree = tree();
        LogCapture log = new LogCapture();
        Agent agent = Agent.start(SettingsLoader.load(environment(tree, "off"), Map.of()), "t")) {
      assertThat(log.text()).doesNotContain(OFF).contains("jouleflow t: measuring ");
      assertThat(agent.port()).isPositive();
    }
  }

  @Test
  void theStartUpLineNamesTheEnergyPerWorkloadAsTheReadmeShowsIt() throws Exception {
    String example =
        Files.readAllLines(Path.of("../README.md")).stream()
            .filter(line -> line.startsWith("INFO Agent - jouleflow "))
            .findFirst()
            .orElseThrow();
    try (FakePowercapTree tree = tree();
        LogCapture log = new LogCapture()) {
      Files.createDirectories(tree.root().resolve("devices/system/cpu"));
      Files.writeString(tree.root().resolve("devices/system/cpu/online"), "0-1\n");
      FakeCgroupTree.create(dir.resolve("cgroup"), FakeCgroupTree.Layout.V2);
      try (Agent agent =
          Agent.start(SettingsLoader.load(environment(tree, "pod"), Map.of()), "t")) {
        String line =
            log.text().lines().filter(l -> l.contains("jouleflow t: ")).findFirst().orElseThrow();
        assertThat(line.substring(line.indexOf("jouleflow t: ")))
            .startsWith("jouleflow t: measuring package, dram of device 0 (rapl); ")
            .contains("; 2 series every 100 ms; energy per workload every 1 s; /metrics on ")
            .hasSizeLessThan(180);
        assertThat(example)
            .startsWith("INFO Agent - jouleflow 0.1.0: measuring package, core, dram of devices")
            .contains("; 6 series every 100 ms; energy per workload every 1 s; /metrics on ")
            .hasSizeLessThan(180);
      }
    }
  }

  private FakePowercapTree tree() throws Exception {
    return FakePowercapTree.builder(Files.createDirectories(dir.resolve("sys")))
        .subzones("dram")
        .build();
  }

  private Map<String, String> environment(FakePowercapTree tree, String level) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("SYSFS_PATH", tree.root().toString());
    environment.put("SENSORS", "rapl");
    environment.put("EXPORTER_PORT", "0");
    environment.put("EXPORTER_ADDRESS", "127.0.0.1");
    environment.put("CGROUP_PATH", Files.createDirectories(dir.resolve("cgroup")).toString());
    environment.put("ATTRIBUTION_LEVEL", level);
    return environment;
  }
}

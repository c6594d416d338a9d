package io.jouleflow.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnlineCpusTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {"0;1", "0-3;4", "0-3,8-11;8", "0,2,4-5;4", "'0-63\n';64", "'';0", "3-1;0", "x;0"})
  void countsTheCpusOfAList(String list, int cpus) {
    assertThat(OnlineCpus.parse(list)).isEqualTo(cpus);
  }

  @Test
  void readsSysfs(@TempDir Path sysfs) throws Exception {
    Path online = sysfs.resolve("devices/system/cpu/online");
    Files.createDirectories(online.getParent());
    Files.writeString(online, "0-3,8-11\n");

    assertThat(OnlineCpus.count(sysfs)).isEqualTo(8);
  }

  @Test
  void fallsBackToTheJvmsCountWithoutSysfs(@TempDir Path sysfs) {
    assertThat(OnlineCpus.count(sysfs)).isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}

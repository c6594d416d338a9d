package io.jouleflow.agent.sensor.msr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.api.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsrCpuInfoTest {

  @TempDir Path folder;

  @Test
  void readsVendorFamilyAndModelOfTheFirstCpu() throws Exception {
    Path root = folder.resolve("root");
    new FakeMsrTree(root).cpuinfo("AuthenticAMD", 25, 17, 1, 2, 2);

    CpuInfo cpu = CpuInfo.read(root.resolve("proc/cpuinfo"));

    assertThat(cpu.vendor()).isEqualTo("AuthenticAMD");
    assertThat(cpu.family()).isEqualTo(25);
    assertThat(cpu.model()).isEqualTo(17);
    assertThat(cpu.cpus()).hasSize(4);
  }

  @Test
  void picksTheFirstCpuOfEachPackageAndOfEachCoreSkippingSmtSiblings() throws Exception {
    Path root = folder.resolve("root");
    new FakeMsrTree(root).cpuinfo("GenuineIntel", 6, 85, 2, 3, 2);

    assertThat(CpuInfo.read(root.resolve("proc/cpuinfo")).packages())
        .containsExactly(
            new CpuPackage(0, 0, List.of(0, 1, 2)), new CpuPackage(1, 3, List.of(3, 4, 5)));
  }

  @Test
  void numbersPackagesByRankOfPhysicalIdWhateverTheCpuOrder() throws Exception {
    CpuInfo cpu =
        parse(cpu(0, 3, 0), cpu(1, 0, 0), cpu(2, 3, 1), cpu(3, 0, 1), cpu(4, 3, 0), cpu(5, 0, 0));

    assertThat(cpu.packages())
        .containsExactly(new CpuPackage(0, 1, List.of(1, 3)), new CpuPackage(1, 0, List.of(0, 2)));
  }

  @Test
  void takesACpuWithoutTopologyAsACoreOfPackage0() throws Exception {
    CpuInfo cpu =
        parse(
            "processor\t: 0\nvendor_id\t: GenuineIntel\n",
            "processor\t: 1\nvendor_id\t: GenuineIntel\n");

    assertThat(cpu.family()).isEqualTo(-1);
    assertThat(cpu.packages()).containsExactly(new CpuPackage(0, 0, List.of(0, 1)));
  }

  @Test
  void failsNamingTheFileWhenItListsNoProcessor() throws Exception {
    Path file = write("Processor\t: AArch64 Processor rev 4 (aarch64)\nHardware\t: Fake\n");

    assertThatThrownBy(() -> CpuInfo.read(file))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("cannot parse " + file + ": no 'processor' lines");
  }

  @Test
  void failsNamingTheFileAndLineOfABadNumber() throws Exception {
    Path file = write("processor\t: 0\nphysical id\t: zero\n");

    assertThatThrownBy(() -> CpuInfo.read(file))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("cannot parse " + file + ": 'physical id' is 'zero', not a number");
  }

  @Test
  void failsNamingAMissingFile() {
    Path file = folder.resolve("cpuinfo");

    assertThatThrownBy(() -> CpuInfo.read(file))
        .isInstanceOf(UnavailableException.class)
        .hasMessageStartingWith("cannot read " + file + ": NoSuchFileException");
  }

  @Test
  void takesTheEnergyUnitFromBits12To8() {
    assertThat(EnergyUnit.fromUnitRegister(0x000A_0E03L)).isEqualTo(1.0 / 16384);
    assertThat(EnergyUnit.fromUnitRegister(0x000A_1003L)).isEqualTo(1.0 / 65536);
    assertThat(EnergyUnit.fromUnitRegister(0xFFFF_E0FFL)).isEqualTo(1.0);
  }

  @Test
  void knowsTheIntelServerModelsWithAFixedDramUnit() throws Exception {
    assertThat(EnergyUnit.fixedDramUnit(parse(cpu("GenuineIntel", 6, 0x55)))).isTrue();
    assertThat(EnergyUnit.fixedDramUnit(parse(cpu("GenuineIntel", 6, 0x8F)))).isTrue();
    assertThat(EnergyUnit.fixedDramUnit(parse(cpu("GenuineIntel", 6, 0x9E)))).isFalse();
    assertThat(EnergyUnit.fixedDramUnit(parse(cpu("AuthenticAMD", 6, 0x55)))).isFalse();
    assertThat(EnergyUnit.fixedDramUnit(parse(cpu("GenuineIntel", 15, 0x55)))).isFalse();
  }

  private CpuInfo parse(String... blocks) throws Exception {
    return CpuInfo.read(write(String.join("\n", blocks)));
  }

  private Path write(String text) throws Exception {
    Path file = folder.resolve("cpuinfo");
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }

  private static String cpu(int processor, int physicalId, int coreId) {
    return "processor\t: %d\nphysical id\t: %d\ncore id\t\t: %d\n"
        .formatted(processor, physicalId, coreId);
  }

  private static String cpu(String vendor, int family, int model) {
    return "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %d\nmodel\t\t: %d\n"
        .formatted(vendor, family, model);
  }
}

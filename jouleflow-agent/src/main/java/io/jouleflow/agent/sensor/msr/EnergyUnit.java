package io.jouleflow.agent.sensor.msr;

import java.util.Set;

/**
 * The joules one count of an energy register stands for.
 *
 * <p>The unit register ({@code MSR_RAPL_POWER_UNIT} 0x606 on Intel, 0xC0010299 on AMD) gives it for
 * every domain as 1/2^ESU J, ESU being bits 12:8 (e.g. 14: 61 µJ, 16: 15.3 µJ).
 *
 * <p>One rule overrides it: Intel server parts count DRAM in a fixed 15.3 µJ whatever the unit
 * register says. They are recognised by family 6 and the {@code model} in cpuinfo, the list Linux'
 * intel_rapl driver keeps: Haswell-X 0x3F, Broadwell-X 0x4F, Skylake-X / Cascade Lake / Cooper Lake
 * 0x55, Xeon Phi KNL 0x57 and KNM 0x85, Ice Lake-X 0x6A and -D 0x6C, Sapphire Rapids 0x8F, Emerald
 * Rapids 0xCF. The start-up line says when it applies.
 */
final class EnergyUnit {

  /** The fixed DRAM unit of Intel server parts, 15.3 µJ. */
  static final double SERVER_DRAM_JOULES = 15.3e-6;

  private static final int ESU_SHIFT = 8;
  private static final int ESU_MASK = 0x1F;
  private static final int INTEL_FAMILY = 6;
  private static final Set<Integer> FIXED_DRAM_UNIT_MODELS =
      Set.of(0x3F, 0x4F, 0x55, 0x57, 0x6A, 0x6C, 0x85, 0x8F, 0xCF);

  private EnergyUnit() {}

  /** The joules per count that the unit register's value {@code powerUnit} gives, 1/2^ESU. */
  static double fromUnitRegister(long powerUnit) {
    int esu = (int) (powerUnit >>> ESU_SHIFT) & ESU_MASK;
    return Math.scalb(1.0, -esu);
  }

  /** Whether {@code cpu} counts DRAM in {@link #SERVER_DRAM_JOULES} (an Intel server model). */
  static boolean fixedDramUnit(CpuInfo cpu) {
    return MsrVendor.INTEL.id().equals(cpu.vendor())
        && cpu.family() == INTEL_FAMILY
        && FIXED_DRAM_UNIT_MODELS.contains(cpu.model());
  }
}

package io.jouleflow.agent.sensor.msr;

import io.jouleflow.api.UnavailableException;
import java.nio.file.Path;
import java.util.List;

/** A CPU vendor with RAPL registers: where its unit register and energy registers are. */
enum MsrVendor {
  INTEL("GenuineIntel", 0x606),
  AMD("AuthenticAMD", 0xC001_0299L);

  /** AMD's first family with RAPL registers, 17h (Zen). */
  static final int AMD_FIRST_FAMILY = 0x17;

  private static final List<MsrDomain> INTEL_DOMAINS =
      List.of(
          MsrDomain.INTEL_PACKAGE,
          MsrDomain.INTEL_CORE,
          MsrDomain.INTEL_UNCORE,
          MsrDomain.INTEL_DRAM,
          MsrDomain.INTEL_PSYS);
  private static final List<MsrDomain> AMD_DOMAINS =
      List.of(MsrDomain.AMD_PACKAGE, MsrDomain.AMD_CORE);

  private final String id;
  private final long unitRegister;

  MsrVendor(String id, long unitRegister) {
    this.id = id;
    this.unitRegister = unitRegister;
  }

  /**
   * The vendor of {@code cpu}.
   *
   * @throws UnavailableException naming the vendor (and family) when it has no RAPL registers this
   *     sensor knows
   */
  static MsrVendor of(CpuInfo cpu, Path cpuinfo) throws UnavailableException {
    if (INTEL.id.equals(cpu.vendor())) {
      return INTEL;
    }
    if (!AMD.id.equals(cpu.vendor())) {
      String vendor = cpu.vendor().isEmpty() ? "no vendor_id" : "vendor_id " + cpu.vendor();
      throw new UnavailableException(
          "%s gives %s: RAPL registers are read on GenuineIntel and AuthenticAMD CPUs only"
              .formatted(cpuinfo, vendor));
    }
    if (cpu.family() < AMD_FIRST_FAMILY) {
      throw new UnavailableException(
          "%s gives AMD cpu family %d (0x%x): AMD CPUs have RAPL registers from family 17h (Zen) on"
              .formatted(cpuinfo, cpu.family(), cpu.family()));
    }
    return AMD;
  }

  /** The {@code vendor_id} of cpuinfo. */
  String id() {
    return id;
  }

  /** The register holding the energy unit in bits 12:8. */
  long unitRegister() {
    return unitRegister;
  }

  /** The domains to try, in series order. */
  List<MsrDomain> domains() {
    return switch (this) {
      case INTEL -> INTEL_DOMAINS;
      case AMD -> AMD_DOMAINS;
    };
  }

  /** The vendor's name as people write it: {@code Intel}, {@code AMD}. */
  String displayName() {
    return switch (this) {
      case INTEL -> "Intel";
      case AMD -> "AMD";
    };
  }
}

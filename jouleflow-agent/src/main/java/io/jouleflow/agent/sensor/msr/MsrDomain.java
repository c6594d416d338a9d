package io.jouleflow.agent.sensor.msr;

/**
 * An energy status register of a RAPL domain, in the order its series are listed within one device.
 *
 * @param label the value of the {@code domain} label
 * @param register the register number, the offset of the pread
 * @param reach which CPUs' registers make up one series
 */
record MsrDomain(String label, long register, Reach reach) {

  /** Intel's package energy, {@code MSR_PKG_ENERGY_STATUS}. */
  static final MsrDomain INTEL_PACKAGE = new MsrDomain("package", 0x611, Reach.PACKAGE);

  /** Intel's cores (PP0), {@code MSR_PP0_ENERGY_STATUS}. */
  static final MsrDomain INTEL_CORE = new MsrDomain("core", 0x639, Reach.PACKAGE);

  /** Intel's uncore, mostly the integrated GPU (PP1), {@code MSR_PP1_ENERGY_STATUS}. */
  static final MsrDomain INTEL_UNCORE = new MsrDomain("uncore", 0x641, Reach.PACKAGE);

  /** Intel's memory, {@code MSR_DRAM_ENERGY_STATUS}. */
  static final MsrDomain INTEL_DRAM = new MsrDomain("dram", 0x619, Reach.PACKAGE);

  /** Intel's whole platform (SoC and more), {@code MSR_PLATFORM_ENERGY_STATUS}. */
  static final MsrDomain INTEL_PSYS = new MsrDomain("psys", 0x64D, Reach.PLATFORM);

  /** AMD's package energy, {@code MSR_PKG_ENERGY_STAT}. */
  static final MsrDomain AMD_PACKAGE = new MsrDomain("package", 0xC001_029BL, Reach.PACKAGE);

  /** AMD's cores, {@code MSR_CORE_ENERGY_STAT} of each core, added up per package. */
  static final MsrDomain AMD_CORE = new MsrDomain("core", 0xC001_029AL, Reach.EVERY_CORE);

  /** Which CPUs' registers make up one series of a domain. */
  enum Reach {
    /** One register per package, read through the package's first CPU. */
    PACKAGE,
    /** One register per core, read through each core's first CPU and added up per package. */
    EVERY_CORE,
    /** One register for the whole machine, read through package 0 and reported as device 0. */
    PLATFORM
  }
}

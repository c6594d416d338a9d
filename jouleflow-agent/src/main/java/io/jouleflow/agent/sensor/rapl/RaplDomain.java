package io.jouleflow.agent.sensor.rapl;

import java.util.Optional;

/** A RAPL power domain, in the order its series are listed within one device. */
enum RaplDomain {
  PACKAGE("package"),
  CORE("core"),
  UNCORE("uncore"),
  DRAM("dram"),
  PSYS("psys");

  private final String label;

  RaplDomain(String label) {
    this.label = label;
  }

  /** The value of the {@code domain} label. */
  String label() {
    return label;
  }

  /**
   * The subzone domain a zone's {@code name} file gives ({@code core}, {@code uncore}, {@code
   * dram}).
   */
  static Optional<RaplDomain> subzone(String name) {
    return switch (name) {
      case "core" -> Optional.of(CORE);
      case "uncore" -> Optional.of(UNCORE);
      case "dram" -> Optional.of(DRAM);
      default -> Optional.empty();
    };
  }
}

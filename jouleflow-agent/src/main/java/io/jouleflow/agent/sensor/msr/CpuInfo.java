package io.jouleflow.agent.sensor.msr;

import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code <PROCFS_PATH>/cpuinfo} says about the CPUs: the vendor, family and model of the first
 * CPU, and each logical CPU's package and core. A CPU without {@code physical id} (some VMs) counts
 * as package 0, one without {@code core id} as a core of its own.
 *
 * @param vendor the {@code vendor_id}, e.g. {@code GenuineIntel}; empty where none is listed
 * @param family the {@code cpu family}, e.g. 6 or 25 (0x19); -1 where none is listed
 * @param model the {@code model} number, e.g. 85 (0x55); -1 where none is listed
 * @param cpus every logical CPU listed, at least one
 */
record CpuInfo(String vendor, int family, int model, List<LogicalCpu> cpus) {

  CpuInfo {
    if (cpus.isEmpty()) {
      throw new IllegalArgumentException("no logical CPUs");
    }
    cpus = List.copyOf(cpus);
  }

  /**
   * Reads and parses {@code file}.
   *
   * @throws UnavailableException naming the file when it cannot be read, lists no {@code
   *     processor}, or holds a number that does not parse
   */
  static CpuInfo read(Path file) throws UnavailableException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UnavailableException("cannot read " + file + ": " + MsrFile.reason(e), e);
    }
    try {
      return parse(lines);
    } catch (IllegalArgumentException e) {
      throw new UnavailableException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** The packages in {@code device} order, each with its first CPU and one CPU per core. */
  List<CpuPackage> packages() {
    SortedMap<Integer, SortedMap<Integer, Integer>> cpuOfCore = new TreeMap<>();
    for (LogicalCpu cpu : cpus) {
      cpuOfCore
          .computeIfAbsent(cpu.physicalId(), id -> new TreeMap<>())
          .merge(cpu.coreId(), cpu.processor(), Math::min);
    }
    List<CpuPackage> packages = new ArrayList<>();
    for (Map<Integer, Integer> cores : cpuOfCore.values()) {
      List<Integer> coreCpus = cores.values().stream().sorted().toList();
      packages.add(new CpuPackage(packages.size(), coreCpus.getFirst(), coreCpus));
    }
    return packages;
  }

  private static CpuInfo parse(List<String> lines) {
    List<LogicalCpu> cpus = new ArrayList<>();
    Map<String, String> first = Map.of();
    Map<String, String> block = new TreeMap<>();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (line.isBlank()) {
        first = addCpu(block, cpus, first);
        block = new TreeMap<>();
      } else if (colon > 0) {
        block.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    first = addCpu(block, cpus, first);
    if (cpus.isEmpty()) {
      throw new IllegalArgumentException("no 'processor' lines");
    }
    String vendor = first.getOrDefault("vendor_id", "");
    return new CpuInfo(vendor, number(first, "cpu family", -1), number(first, "model", -1), cpus);
  }

  /** Adds the CPU of {@code block}, if it describes one; returns the first CPU's block. */
  private static Map<String, String> addCpu(
      Map<String, String> block, List<LogicalCpu> cpus, Map<String, String> first) {
    if (!block.containsKey("processor")) {
      return first;
    }
    int processor = number(block, "processor", -1);
    cpus.add(
        new LogicalCpu(
            processor, number(block, "physical id", 0), number(block, "core id", -1 - processor)));
    return first.isEmpty() ? block : first;
  }

  private static int number(Map<String, String> block, String key, int absent) {
    String value = block.get(key);
    if (value == null) {
      return absent;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' is '" + value + "', not a number", e);
    }
  }

  /**
   * One logical CPU.
   *
   * @param processor its number, the {@code N} of {@code N/msr}
   * @param physicalId its package's {@code physical id}
   * @param coreId its core's {@code core id} within the package
   */
  record LogicalCpu(int processor, int physicalId, int coreId) {

    LogicalCpu {
      if (processor < 0) {
        throw new IllegalArgumentException("processor " + processor + " is negative");
      }
    }
  }
}

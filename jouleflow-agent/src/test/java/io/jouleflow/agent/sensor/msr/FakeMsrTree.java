package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.ReadableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A fake {@code /dev/cpu} and {@code /proc} in a folder: sparse files {@code dev/cpu/N/msr} holding
 * 8-byte little-endian register values at the register numbers' offsets (sparse, so AMD's
 * 0xC001029B costs nothing), and a {@code proc/cpuinfo} listing the CPUs as Linux does.
 *
 * <p>A {@link #slotted} tree puts register {@code R} at byte {@code R × 8} instead, for registers
 * one apart (AMD's unit, core and package registers), which would overlap at their own offsets; the
 * sensor reads it through {@link #files()}, which maps each register to its slot.
 *
 * <p>Logical CPUs are numbered as Linux numbers them on an SMT machine: first thread of every core
 * of package 0, then of package 1, ..., then the second threads in the same order. Only files
 * written exist.
 */
final class FakeMsrTree {

  /** A typical Intel unit register: ESU 14 (1/16384 J), power 1/8 W, time 1/1024 s. */
  static final long INTEL_UNITS_ESU_14 = 0x000A_0E03L;

  /** A typical AMD unit register: ESU 16 (1/65536 J, 15.3 µJ). */
  static final long AMD_UNITS_ESU_16 = 0x000A_1003L;

  // Register numbers as the Intel SDM and AMD PPR give them, written out here so that the tests
  // check the sensor's offsets rather than repeat them.
  static final long INTEL_UNIT = 0x606;
  static final long INTEL_PACKAGE = 0x611;
  static final long INTEL_CORE = 0x639;
  static final long INTEL_UNCORE = 0x641;
  static final long INTEL_DRAM = 0x619;
  static final long INTEL_PSYS = 0x64D;
  static final long AMD_UNIT = 0xC001_0299L;
  static final long AMD_CORE = 0xC001_029AL;
  static final long AMD_PACKAGE = 0xC001_029BL;

  private final Path msrDirectory;
  private final Path procfs;
  private final long bytesPerRegister;

  /** A tree laid out as the driver lays out registers: register {@code R} at byte {@code R}. */
  FakeMsrTree(Path root) throws IOException {
    this(root, 1);
  }

  private FakeMsrTree(Path root, long bytesPerRegister) throws IOException {
    this.msrDirectory = Files.createDirectories(root.resolve("dev/cpu"));
    this.procfs = Files.createDirectories(root.resolve("proc"));
    this.bytesPerRegister = bytesPerRegister;
  }

  /** A tree with register {@code R} at byte {@code R × 8}, to be read through {@link #files()}. */
  static FakeMsrTree slotted(Path root) throws IOException {
    return new FakeMsrTree(root, SlottedChannel.SLOT_BYTES);
  }

  /** How the sensor must open this tree's files. */
  ReadableFiles files() {
    if (bytesPerRegister == 1) {
      return ReadableFiles.DEFAULT;
    }
    return path -> new SlottedChannel(ReadableFiles.DEFAULT.open(path));
  }

  /** The folder standing for {@code MSR_PATH}. */
  Path msrDirectory() {
    return msrDirectory;
  }

  /** The folder standing for {@code PROCFS_PATH}. */
  Path procfs() {
    return procfs;
  }

  /** The device file of logical CPU {@code cpu}. */
  Path msrFile(int cpu) {
    return msrDirectory.resolve(Integer.toString(cpu)).resolve("msr");
  }

  /**
   * Writes a {@code cpuinfo} of {@code packages} × {@code cores} × {@code threads} logical CPUs.
   */
  FakeMsrTree cpuinfo(String vendor, int family, int model, int packages, int cores, int threads)
      throws IOException {
    StringBuilder text = new StringBuilder();
    for (int thread = 0; thread < threads; thread++) {
      for (int pkg = 0; pkg < packages; pkg++) {
        for (int core = 0; core < cores; core++) {
          int processor = cpuOf(pkg, core, thread, packages, cores);
          text.append(block(processor, vendor, family, model, pkg, core, cores, threads));
        }
      }
    }
    Files.writeString(procfs.resolve("cpuinfo"), text, StandardCharsets.US_ASCII);
    return this;
  }

  /** The number of the logical CPU of {@code thread} of {@code core} of package {@code pkg}. */
  static int cpuOf(int pkg, int core, int thread, int packages, int cores) {
    return thread * packages * cores + pkg * cores + core;
  }

  /** Writes {@code value} to {@code register} of CPU {@code cpu}, creating its file if needed. */
  FakeMsrTree write(int cpu, long register, long value) throws IOException {
    Files.createDirectories(msrFile(cpu).getParent());
    ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(0, value);
    try (FileChannel channel =
        FileChannel.open(msrFile(cpu), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.write(bytes, register * bytesPerRegister);
    }
    return this;
  }

  /** Cuts CPU {@code cpu}'s file before {@code register}: it and those above no longer read. */
  void truncate(int cpu, long register) throws IOException {
    try (FileChannel channel = FileChannel.open(msrFile(cpu), StandardOpenOption.WRITE)) {
      channel.truncate(register * bytesPerRegister);
    }
  }

  private static String block(
      int processor, String vendor, int family, int model, int pkg, int core, int cores, int th) {
    return """
        processor\t: %d
        vendor_id\t: %s
        cpu family\t: %d
        model\t\t: %d
        model name\t: Fake CPU %d-%d
        physical id\t: %d
        siblings\t: %d
        core id\t\t: %d
        cpu cores\t: %d
        flags\t\t: fpu msr rapl

        """
        .formatted(processor, vendor, family, model, family, model, pkg, cores * th, core, cores);
  }
}

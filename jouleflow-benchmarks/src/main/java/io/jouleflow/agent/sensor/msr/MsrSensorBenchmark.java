package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The MSR sensor's read cost per domain, against sparse files laid out like {@code /dev/cpu/N/msr}
 * in a temporary folder made at set-up: {@code intelDomain} reads one Intel domain (one 8-byte
 * pread and the wrap correction), {@code amdCoreDomain} AMD's {@code core} of an 8-core package (8
 * preads added up), {@code intelSensor} a whole tick of 2 packages × package, core, dram (6 series:
 * divide by 6 for the cost per domain).
 *
 * <p>This is the sensor's own cost over page-cached files. On real hardware the msr driver adds an
 * {@code rdmsr} on the register's CPU to every pread, an inter-processor call when the sampler
 * thread runs on another CPU.
 */
@NullMarked
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MsrSensorBenchmark {

  private static final long INTEL_UNITS_ESU_14 = 0x000A_0E03L;
  private static final long AMD_UNITS_ESU_16 = 0x000A_1003L;
  private static final int AMD_CORES = 8;
  private static final int INTEL_SERIES = 6;

  private final double[] intelValues = new double[INTEL_SERIES];

  @SuppressWarnings("NullAway.Init")
  private Path folder;

  @SuppressWarnings("NullAway.Init")
  private MsrSensor intelSensor;

  @SuppressWarnings("NullAway.Init")
  private MsrFileSet intelFiles;

  @SuppressWarnings("NullAway.Init")
  private MsrFileSet amdFiles;

  @SuppressWarnings("NullAway.Init")
  private MsrEnergySeries intelPackage;

  @SuppressWarnings("NullAway.Init")
  private MsrEnergySeries amdCore;

  /** Lays out both trees and opens what the benchmarks read. */
  @Setup(Level.Trial)
  public void openTrees() throws IOException, UnavailableException {
    folder = Files.createTempDirectory("jouleflow-msr-bench");
    FakeMsrTree intel = intelTree(new FakeMsrTree(folder.resolve("intel")));
    intelSensor =
        MsrSensor.open(
            MsrVendor.INTEL,
            CpuInfo.read(intel.procfs().resolve("cpuinfo")),
            MsrFileSet.under(intel.msrDirectory(), ReadableFiles.DEFAULT));
    if (intelSensor.series().size() != INTEL_SERIES) {
      throw new IllegalStateException("expected " + INTEL_SERIES + ": " + intelSensor.series());
    }
    intelFiles = MsrFileSet.under(intel.msrDirectory(), ReadableFiles.DEFAULT);
    intelPackage =
        MsrEnergySeries.probe(
                Series.energy("msr", "package", "0"),
                List.of(intelFiles.of(0)),
                MsrDomain.INTEL_PACKAGE.register(),
                1.0 / 16384)
            .orElseThrow();
    FakeMsrTree amd = amdTree(new FakeMsrTree(folder.resolve("amd")));
    amdFiles = MsrFileSet.under(amd.msrDirectory(), ReadableFiles.DEFAULT);
    amdCore =
        MsrEnergySeries.probe(
                Series.energy("msr", "core", "0"),
                amdFiles.of(IntStream.range(0, AMD_CORES).boxed().toList()),
                MsrDomain.AMD_CORE.register(),
                1.0 / 65536)
            .orElseThrow();
  }

  /** Closes the files and deletes the trees. */
  @TearDown(Level.Trial)
  public void deleteTrees() throws IOException {
    intelSensor.close();
    intelFiles.close();
    amdFiles.close();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** One Intel domain: one pread, one wrap-corrected delta. */
  @Benchmark
  public double intelDomain() {
    return intelPackage.joulesSinceOpen();
  }

  /** AMD's core domain of an 8-core package: 8 preads added up. */
  @Benchmark
  public double amdCoreDomain() {
    return amdCore.joulesSinceOpen();
  }

  /** A whole tick of 6 Intel series (2 packages × package, core, dram). */
  @Benchmark
  public double[] intelSensor() {
    intelSensor.read(intelValues);
    return intelValues;
  }

  private static FakeMsrTree intelTree(FakeMsrTree tree) throws IOException {
    tree.cpuinfo("GenuineIntel", 6, 158, 2, 2, 1);
    for (int cpu : new int[] {0, 2}) {
      tree.write(cpu, MsrVendor.INTEL.unitRegister(), INTEL_UNITS_ESU_14);
      tree.write(cpu, MsrDomain.INTEL_PACKAGE.register(), 1_000_000 + cpu);
      tree.write(cpu, MsrDomain.INTEL_CORE.register(), 500_000 + cpu);
      tree.write(cpu, MsrDomain.INTEL_DRAM.register(), 100_000 + cpu);
    }
    return tree;
  }

  private static FakeMsrTree amdTree(FakeMsrTree tree) throws IOException {
    tree.cpuinfo("AuthenticAMD", 25, 1, 1, AMD_CORES, 2);
    tree.write(0, MsrVendor.AMD.unitRegister(), AMD_UNITS_ESU_16);
    tree.write(0, MsrDomain.AMD_PACKAGE.register(), 9_000_000);
    for (int core = 0; core < AMD_CORES; core++) {
      tree.write(core, MsrDomain.AMD_CORE.register(), 1_000_000L * (core + 1));
    }
    return tree;
  }
}

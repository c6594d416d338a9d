package io.jouleflow.agent.sensor.nvml;

import io.jouleflow.api.PluginContext;
import io.jouleflow.api.ScheduledSensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The NVML sensor's cost per GPU per sample: one {@code read} of the two GPUs of a stub {@code
 * libnvidia-ml.so.1} (built with gcc into a temporary folder at set-up), counted as two operations.
 * The stub's calls do almost nothing, so the figure is the sensor's own cost (Java and the Foreign
 * Function &amp; Memory downcall), not the driver's: a real NVML call adds an ioctl into the NVIDIA
 * kernel module. {@code meter=counter} reads the energy counter, {@code meter=power} integrates
 * power readings (the fallback). Needs gcc.
 */
@NullMarked
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NvmlSensorBenchmark {

  static final int GPUS = 2;

  /** How the stub's GPUs are measured: {@code counter} (energy counter) or {@code power}. */
  @Param({"counter", "power"})
  public String meter = "counter";

  @SuppressWarnings("NullAway.Init")
  private Path folder;

  @SuppressWarnings("NullAway.Init")
  private ScheduledSensor sensor;

  private final double[] values = new double[GPUS];

  /** Builds the stub and opens the sensor on it, reading at every tick. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    folder = Files.createTempDirectory("jouleflow-nvml-bench");
    String[] defines =
        meter.equals("power") ? new String[] {"ENERGY_NOT_SUPPORTED"} : new String[0];
    StubNvml stub = StubNvml.build(folder, defines);
    sensor = new NvmlSensorProvider().open(new BenchContext(stub.library()));
    if (sensor.series().size() != GPUS) {
      throw new IllegalStateException("the stub should show " + GPUS + " GPUs: " + sensor);
    }
  }

  /** Closes the sensor and deletes the stub. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    sensor.close();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** One sampler tick reading both GPUs: JMH reports the time per GPU. */
  @Benchmark
  @OperationsPerInvocation(GPUS)
  public double[] readPerGpu() {
    sensor.read(values);
    return values;
  }

  /** Settings for the sensor: the stub's path, a 100 ms sampling interval. */
  private record BenchContext(Path library) implements PluginContext {

    @Override
    public Optional<String> setting(String name) {
      return name.equals("NVML_LIBRARY") ? Optional.of(library.toString()) : Optional.empty();
    }

    @Override
    public Path sysfs() {
      return Path.of("/sys");
    }

    @Override
    public Path procfs() {
      return Path.of("/proc");
    }

    @Override
    public long intervalNanos() {
      return Duration.ofMillis(100).toNanos();
    }
  }
}

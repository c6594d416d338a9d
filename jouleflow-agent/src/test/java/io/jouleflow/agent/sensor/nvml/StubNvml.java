package io.jouleflow.agent.sensor.nvml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in {@code libnvidia-ml.so.1} built with gcc from C source: two GPUs with fixed UUIDs and
 * names, energy counters that step deterministically on every call, fixed power draws, and a marker
 * file that {@code nvmlShutdown} appends a line to. Variants are chosen by {@code -D} flags:
 *
 * <ul>
 *   <li>default: GPU {@code i}'s counter reads {@code base_i + 1000 × (i + 1) × n} mJ on its {@code
 *       n}-th call, so +1 J (GPU 0) and +2 J (GPU 1) per reading; power 150 W and 200 W
 *   <li>{@code ENERGY_NOT_SUPPORTED}: the counter returns {@code NVML_ERROR_NOT_SUPPORTED} (3)
 *   <li>{@code INIT_RETURNS=c}: {@code nvmlInit_v2} returns {@code c}
 *   <li>{@code GPU_COUNT=n}: {@code n} GPUs (0, 1 or 2)
 *   <li>{@code FAIL_ON_CALL=n}: GPU 0's counter fails ({@code NVML_ERROR_UNKNOWN}) on call {@code
 *       n}
 *   <li>{@code RESTART_ON_CALL=n}: from call {@code n} the counters restart from 0 (a driver
 *       reload)
 *   <li>{@code NO_ERROR_STRING}: no {@code nvmlErrorString}
 * </ul>
 */
final class StubNvml {

  /** The stub's C source; {@code SHUTDOWN_MARKER} is defined on gcc's command line. */
  static final String SOURCE =
      """
      #include <stdio.h>
      #include <string.h>

      typedef int nvmlReturn_t;
      struct stub_device { unsigned int index; };
      typedef struct stub_device *nvmlDevice_t;

      #ifndef GPU_COUNT
      #define GPU_COUNT 2
      #endif

      static struct stub_device devices[2] = {{0}, {1}};
      static const char *uuids[2] = {
          "GPU-5f3c9a42-0000-4000-8000-00000000a100", "GPU-5f3c9a42-1111-4111-8111-11111111a100"};
      static const char *names[2] = {"NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-40GB"};
      static const unsigned long long energy_base_mj[2] = {5000000000ULL, 7000000ULL};
      static unsigned long long energy_calls[2];
      static int initialised;

      nvmlReturn_t nvmlInit_v2(void) {
      #ifdef INIT_RETURNS
        return INIT_RETURNS;
      #else
        initialised = 1;
        return 0;
      #endif
      }

      nvmlReturn_t nvmlShutdown(void) {
        FILE *marker = fopen(SHUTDOWN_MARKER, "a");
        if (marker != NULL) {
          fputs("nvmlShutdown\\n", marker);
          fclose(marker);
        }
        initialised = 0;
        return 0;
      }

      nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
        if (!initialised) return 1;
        *count = GPU_COUNT;
        return 0;
      }

      nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
        if (!initialised) return 1;
        if (index >= GPU_COUNT) return 2;
        *device = &devices[index];
        return 0;
      }

      static nvmlReturn_t copy(const char *text, char *buffer, unsigned int length) {
        if (strlen(text) + 1 > length) return 7;
        strcpy(buffer, text);
        return 0;
      }

      nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
        return initialised ? copy(uuids[device->index], uuid, length) : 1;
      }

      nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
        return initialised ? copy(names[device->index], name, length) : 1;
      }

      nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device,
                                                       unsigned long long *energy) {
        if (!initialised) return 1;
      #ifdef ENERGY_NOT_SUPPORTED
        return 3;
      #else
        unsigned int i = device->index;
        unsigned long long call = ++energy_calls[i];
        unsigned long long step = 1000ULL * (i + 1);
      #ifdef FAIL_ON_CALL
        if (i == 0 && call == FAIL_ON_CALL) return 999;
      #endif
      #ifdef RESTART_ON_CALL
        if (call >= RESTART_ON_CALL) {
          *energy = step * (call - RESTART_ON_CALL + 1);
          return 0;
        }
      #endif
        *energy = energy_base_mj[i] + step * call;
        return 0;
      #endif
      }

      nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
        if (!initialised) return 1;
        *power = 150000u + 50000u * device->index;
        return 0;
      }

      #ifndef NO_ERROR_STRING
      const char *nvmlErrorString(nvmlReturn_t result) {
        switch (result) {
          case 0: return "Success";
          case 3: return "Not Supported";
          case 9: return "Driver Not Loaded";
          case 18: return "RM has detected an NVML/RM version mismatch.";
          default: return "Unknown Error";
        }
      }
      #endif
      """;

  private static final long GCC_TIMEOUT_SECONDS = 60;

  private final Path library;
  private final Path shutdownMarker;

  private StubNvml(Path library, Path shutdownMarker) {
    this.library = library;
    this.shutdownMarker = shutdownMarker;
  }

  /** Whether {@code gcc} runs here. */
  static boolean gccAvailable() {
    try {
      Process gcc = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
      gcc.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return gcc.waitFor(GCC_TIMEOUT_SECONDS, TimeUnit.SECONDS) && gcc.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Builds the stub with {@code defines} (e.g. {@code ENERGY_NOT_SUPPORTED}) into {@code dir}. */
  static StubNvml build(Path dir, String... defines) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path marker = dir.resolve("shutdown-calls");
    List<String> flags = new ArrayList<>(List.of("-DSHUTDOWN_MARKER=\"" + marker + "\""));
    for (String define : defines) {
      flags.add("-D" + define);
    }
    return new StubNvml(compile(dir, SOURCE, flags), marker);
  }

  /**
   * Builds {@code source} into {@code dir/libnvidia-ml.so.1} with gcc.
   *
   * @throws IOException with gcc's output when it fails
   */
  static Path compile(Path dir, String source, List<String> flags)
      throws IOException, InterruptedException {
    Path file = dir.resolve("nvml-stub.c");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    Path library = dir.resolve(NvmlLibrary.DEFAULT_NAME);
    List<String> command =
        new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O2", "-o", library.toString()));
    command.addAll(flags);
    command.add(file.toString());
    Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gcc.waitFor(GCC_TIMEOUT_SECONDS, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      throw new IOException("gcc failed: " + command + "\n" + output);
    }
    return library;
  }

  /** The built library. */
  Path library() {
    return library;
  }

  /** How many times {@code nvmlShutdown} has been called on this build. */
  long shutdownCalls() throws IOException {
    if (!Files.exists(shutdownMarker)) {
      return 0;
    }
    try (var lines = Files.lines(shutdownMarker)) {
      return lines.count();
    }
  }
}

package io.jouleflow.agent.sensor.nvml;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.jouleflow.api.UnavailableException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NVML functions this sensor calls, reached through the Foreign Function &amp; Memory API. The
 * library is loaded into a shared arena, since the sampler thread reads what another thread opened;
 * closing shuts NVML down and unloads the library.
 *
 * <p>Each call returns NVML's {@code nvmlReturn_t}. Out-parameters of the calls made at every
 * reading go into segments the caller allocated once with {@link #allocate}, so reading allocates
 * nothing. {@code nvmlDeviceGetTotalEnergyConsumption} and {@code nvmlErrorString} are optional:
 * without the first, every GPU falls back to its power reading.
 */
@SuppressWarnings("restricted") // the agent runs with --enable-native-access
final class NvmlLibrary implements AutoCloseable {

  /** The library's name, found on the loader's search path when {@code NVML_LIBRARY} is empty. */
  static final String DEFAULT_NAME = "libnvidia-ml.so.1";

  /** The buffer size of UUIDs and names, {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE} (96 bytes). */
  static final int STRING_BYTES = 96;

  private static final Logger log = LoggerFactory.getLogger(NvmlLibrary.class);
  private static final int MAX_ERROR_STRING_CHARS = 200;
  private static final Duration UNLOAD_WAIT = Duration.ofMillis(500);
  private static final Duration UNLOAD_POLL = Duration.ofMillis(1);

  private final String library;
  private final Arena arena;
  private final MemorySegment init;
  private final MemorySegment shutdown;
  private final MemorySegment count;
  private final MemorySegment handleByIndex;
  private final MemorySegment uuid;
  private final MemorySegment name;
  private final MemorySegment power;
  private final @Nullable MemorySegment totalEnergy;
  private final @Nullable MemorySegment errorString;
  private final MemorySegment scratch;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean initialised;

  private NvmlLibrary(String library, Arena arena, SymbolLookup lookup)
      throws UnavailableException {
    this.library = library;
    this.arena = arena;
    this.init = required(lookup, "nvmlInit_v2");
    this.shutdown = required(lookup, "nvmlShutdown");
    this.count = required(lookup, "nvmlDeviceGetCount_v2");
    this.handleByIndex = required(lookup, "nvmlDeviceGetHandleByIndex_v2");
    this.uuid = required(lookup, "nvmlDeviceGetUUID");
    this.name = required(lookup, "nvmlDeviceGetName");
    this.power = required(lookup, "nvmlDeviceGetPowerUsage");
    this.totalEnergy = lookup.find("nvmlDeviceGetTotalEnergyConsumption").orElse(null);
    this.errorString = lookup.find("nvmlErrorString").orElse(null);
    this.scratch = arena.allocate(STRING_BYTES, Long.BYTES);
  }

  /**
   * Loads NVML from {@code library}: a path when it holds a {@code /}, else a name looked up on the
   * loader's search path.
   *
   * @throws UnavailableException when it cannot be loaded or lacks a function this sensor needs
   */
  static NvmlLibrary load(String library) throws UnavailableException {
    Arena arena = Arena.ofShared();
    try {
      return new NvmlLibrary(library, arena, lookup(library, arena));
    } catch (UnavailableException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** Initialises NVML; a failure names the code and, for the usual ones, the fix. */
  void init() throws UnavailableException {
    int code = NvmlDowncalls.callVoid(init);
    if (code != NvmlReturn.SUCCESS) {
      throw new UnavailableException(
          "nvmlInit_v2 failed with " + describe(code) + NvmlReturn.initFix(code));
    }
    initialised = true;
  }

  /** The number of GPUs NVML sees. */
  int deviceCount() throws NvmlException {
    check("nvmlDeviceGetCount_v2", NvmlDowncalls.callPointer(count, scratch));
    return scratch.get(JAVA_INT, 0);
  }

  /** The handle of the GPU of NVML index {@code index}. */
  MemorySegment deviceHandle(int index) throws NvmlException {
    check(
        "nvmlDeviceGetHandleByIndex_v2",
        NvmlDowncalls.callIndexPointer(handleByIndex, index, scratch));
    return scratch.get(ADDRESS, 0);
  }

  /** The GPU's UUID, e.g. {@code GPU-5f3c9a42-...}. */
  String deviceUuid(MemorySegment device) throws NvmlException {
    return string("nvmlDeviceGetUUID", uuid, device);
  }

  /** The GPU's product name, e.g. {@code NVIDIA H100 80GB HBM3}. */
  String deviceName(MemorySegment device) throws NvmlException {
    return string("nvmlDeviceGetName", name, device);
  }

  /**
   * Writes the GPU's energy in millijoules since the driver loaded (an unsigned 64-bit count) into
   * {@code millijoules}; {@link NvmlReturn#FUNCTION_NOT_FOUND} where the library lacks the call.
   */
  int totalEnergy(MemorySegment device, MemorySegment millijoules) {
    MemorySegment function = totalEnergy;
    if (function == null) {
      return NvmlReturn.FUNCTION_NOT_FOUND;
    }
    return NvmlDowncalls.callDevicePointer(function, device, millijoules);
  }

  /**
   * Writes the GPU's power draw in milliwatts (an unsigned 32-bit number) into {@code milliwatts}.
   */
  int powerUsage(MemorySegment device, MemorySegment milliwatts) {
    return NvmlDowncalls.callDevicePointer(power, device, milliwatts);
  }

  /** Memory for the out-parameter of one call, alive until the library is closed. */
  MemorySegment allocate(MemoryLayout layout) {
    return arena.allocate(layout);
  }

  /**
   * A code with its name and, where the library has {@code nvmlErrorString}, its text: {@code 3
   * NVML_ERROR_NOT_SUPPORTED (Not Supported)}.
   */
  String describe(int code) {
    String text = code + " " + NvmlReturn.name(code);
    MemorySegment function = errorString;
    if (function == null) {
      return text;
    }
    MemorySegment message = NvmlDowncalls.callErrorString(function, code);
    if (message.address() == 0) {
      return text;
    }
    String words = message.reinterpret(Long.MAX_VALUE).getString(0).replaceAll("\\s+", " ").strip();
    return words.isEmpty() ? text : text + " (" + shortened(words) + ")";
  }

  /** The name or path the library was loaded from. */
  String library() {
    return library;
  }

  /**
   * Shuts NVML down (when it was initialised) and unloads the library, waiting at most 500 ms for a
   * call running on another thread. Never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (initialised) {
      initialised = false;
      shutDown();
    }
    unload();
  }

  private static SymbolLookup lookup(String library, Arena arena) throws UnavailableException {
    try {
      return library.contains("/")
          ? SymbolLookup.libraryLookup(Path.of(library), arena)
          : SymbolLookup.libraryLookup(library, arena);
    } catch (IllegalArgumentException e) {
      throw new UnavailableException(notLoaded(library), e);
    } catch (IllegalCallerException e) {
      throw new UnavailableException(
          "native access is denied, so NVML cannot be loaded: run java with"
              + " --enable-native-access=ALL-UNNAMED",
          e);
    }
  }

  private static String notLoaded(String library) {
    if (library.equals(DEFAULT_NAME)) {
      return "NVML library '"
          + DEFAULT_NAME
          + "' not found: no NVIDIA driver on this machine (set NVML_LIBRARY to its path)";
    }
    if (!library.contains("/")) {
      return "NVML library '" + library + "' (NVML_LIBRARY) not found on the library path";
    }
    if (!Files.exists(Path.of(library))) {
      return "NVML library '" + library + "' (NVML_LIBRARY) not found";
    }
    return "NVML library '"
        + library
        + "' (NVML_LIBRARY) cannot be loaded: not a shared library for this machine";
  }

  private MemorySegment required(SymbolLookup lookup, String function) throws UnavailableException {
    return lookup
        .find(function)
        .orElseThrow(
            () ->
                new UnavailableException(
                    "NVML library '"
                        + library
                        + "' has no function "
                        + function
                        + ": not NVIDIA's NVML, or a driver too old"));
  }

  private void check(String function, int code) throws NvmlException {
    if (code != NvmlReturn.SUCCESS) {
      throw new NvmlException(function + " failed with " + describe(code));
    }
  }

  private String string(String function, MemorySegment address, MemorySegment device)
      throws NvmlException {
    scratch.fill((byte) 0);
    check(function, NvmlDowncalls.callDeviceString(address, device, scratch, STRING_BYTES));
    scratch.set(JAVA_BYTE, STRING_BYTES - 1, (byte) 0);
    String text = scratch.getString(0).strip();
    return text.isEmpty() ? "unknown" : text;
  }

  private void shutDown() {
    try {
      int code = NvmlDowncalls.callVoid(shutdown);
      if (code != NvmlReturn.SUCCESS) {
        log.debug("nvml: nvmlShutdown returned {}", describe(code));
      }
    } catch (RuntimeException e) {
      log.debug("nvml: nvmlShutdown failed", e);
    }
  }

  /**
   * Closes the arena, which unloads the library; a call still running on another thread holds it
   * open, so wait a little for that call to return.
   */
  private void unload() {
    long deadline = System.nanoTime() + UNLOAD_WAIT.toNanos();
    while (true) {
      try {
        arena.close();
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() - deadline >= 0) {
          log.warn(
              "nvml: a GPU reading is still running after {}; {} stays loaded",
              UNLOAD_WAIT,
              library);
          return;
        }
        LockSupport.parkNanos(UNLOAD_POLL.toNanos());
      }
    }
  }

  private static String shortened(String words) {
    return words.length() <= MAX_ERROR_STRING_CHARS
        ? words
        : words.substring(0, MAX_ERROR_STRING_CHARS) + "...";
  }
}

package io.jouleflow.agent.sensor.nvml;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Calls into NVML by C signature. Each handle takes the function's address first, so one handle
 * serves every function of its shape and stays a {@code static final} constant the JIT folds into
 * the call site. Made on first use, once a library has loaded (making them needs native access).
 */
@SuppressWarnings("restricted") // the agent runs with --enable-native-access
final class NvmlDowncalls {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle VOID = LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle POINTER =
      LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle INDEX_POINTER =
      LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle DEVICE_POINTER =
      LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle DEVICE_STRING =
      LINKER.downcallHandle(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle ERROR_STRING =
      LINKER.downcallHandle(FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private NvmlDowncalls() {}

  /** {@code nvmlReturn_t f(void)}: {@code nvmlInit_v2}, {@code nvmlShutdown}. */
  static int callVoid(MemorySegment function) {
    try {
      return (int) VOID.invokeExact(function);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code nvmlReturn_t f(unsigned int *out)}: {@code nvmlDeviceGetCount_v2}. */
  static int callPointer(MemorySegment function, MemorySegment out) {
    try {
      return (int) POINTER.invokeExact(function, out);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code nvmlReturn_t f(unsigned int index, nvmlDevice_t *out)}: a handle by index. */
  static int callIndexPointer(MemorySegment function, int index, MemorySegment out) {
    try {
      return (int) INDEX_POINTER.invokeExact(function, index, out);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code nvmlReturn_t f(nvmlDevice_t device, T *out)}: energy and power, every reading. */
  static int callDevicePointer(MemorySegment function, MemorySegment device, MemorySegment out) {
    try {
      return (int) DEVICE_POINTER.invokeExact(function, device, out);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code nvmlReturn_t f(nvmlDevice_t device, char *buffer, unsigned int length)}. */
  static int callDeviceString(
      MemorySegment function, MemorySegment device, MemorySegment buffer, int length) {
    try {
      return (int) DEVICE_STRING.invokeExact(function, device, buffer, length);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code const char *nvmlErrorString(nvmlReturn_t result)}: a zero-length segment. */
  static MemorySegment callErrorString(MemorySegment function, int code) {
    try {
      return (MemorySegment) ERROR_STRING.invokeExact(function, code);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("NVML call failed", e);
  }
}

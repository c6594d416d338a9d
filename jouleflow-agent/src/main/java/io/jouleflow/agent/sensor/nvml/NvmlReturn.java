package io.jouleflow.agent.sensor.nvml;

import java.util.List;

/** The codes of NVML's {@code nvmlReturn_t} this sensor acts on, and the names of all of them. */
final class NvmlReturn {

  static final int SUCCESS = 0;
  static final int NOT_SUPPORTED = 3;
  static final int FUNCTION_NOT_FOUND = 13;

  private static final int UNKNOWN = 999;
  private static final List<String> NAMES =
      List.of(
          "NVML_SUCCESS",
          "NVML_ERROR_UNINITIALIZED",
          "NVML_ERROR_INVALID_ARGUMENT",
          "NVML_ERROR_NOT_SUPPORTED",
          "NVML_ERROR_NO_PERMISSION",
          "NVML_ERROR_ALREADY_INITIALIZED",
          "NVML_ERROR_NOT_FOUND",
          "NVML_ERROR_INSUFFICIENT_SIZE",
          "NVML_ERROR_INSUFFICIENT_POWER",
          "NVML_ERROR_DRIVER_NOT_LOADED",
          "NVML_ERROR_TIMEOUT",
          "NVML_ERROR_IRQ_ISSUE",
          "NVML_ERROR_LIBRARY_NOT_FOUND",
          "NVML_ERROR_FUNCTION_NOT_FOUND",
          "NVML_ERROR_CORRUPTED_INFOROM",
          "NVML_ERROR_GPU_IS_LOST",
          "NVML_ERROR_RESET_REQUIRED",
          "NVML_ERROR_OPERATING_SYSTEM",
          "NVML_ERROR_LIB_RM_VERSION_MISMATCH",
          "NVML_ERROR_IN_USE",
          "NVML_ERROR_MEMORY",
          "NVML_ERROR_NO_DATA",
          "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED",
          "NVML_ERROR_INSUFFICIENT_RESOURCES",
          "NVML_ERROR_FREQ_NOT_SUPPORTED",
          "NVML_ERROR_ARGUMENT_VERSION_MISMATCH");

  private NvmlReturn() {}

  /** The constant's name in {@code nvml.h}, e.g. {@code NVML_ERROR_NOT_SUPPORTED}. */
  static String name(int code) {
    if (code >= 0 && code < NAMES.size()) {
      return NAMES.get(code);
    }
    return code == UNKNOWN ? "NVML_ERROR_UNKNOWN" : "an unknown nvmlReturn_t";
  }

  /** What to do about a failed {@code nvmlInit_v2}, or an empty string where there is no fix. */
  static String initFix(int code) {
    return switch (code) {
      case 4 ->
          ": no permission on /dev/nvidiactl and /dev/nvidia*; run as a user allowed to use"
              + " the GPUs";
      case 9 -> ": the NVIDIA kernel module is not loaded (modprobe nvidia, or install the driver)";
      case 17 ->
          ": the operating system or a cgroup blocks the GPU devices (a container started"
              + " without GPU access?)";
      case 18 ->
          ": the NVML library and the loaded kernel module differ in version (reboot, or"
              + " reload the nvidia module after a driver upgrade)";
      default -> "";
    };
  }
}

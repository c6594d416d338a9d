package io.jouleflow.agent.sensor.nvml;

/** An NVML call failed while the sensor was opening; the reason is one line naming the call. */
final class NvmlException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;

  NvmlException(String reason) {
    super(reason);
    this.reason = reason;
  }

  /** The one-line reason, e.g. {@code nvmlDeviceGetCount_v2 failed with 1 NVML_ERROR_...}. */
  String reason() {
    return reason;
  }
}

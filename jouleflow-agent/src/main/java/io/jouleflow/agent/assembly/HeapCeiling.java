package io.jouleflow.agent.assembly;

import io.jouleflow.agent.attribution.WorkloadTableSize;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.api.Series;
import java.util.List;

/**
 * Checks at start-up that the buffers the settings ask for fit under the JVM's heap ceiling, so
 * that a large {@code MAX_QUEUE_LEN}, {@code MAX_RECORD_QUEUE_LEN} or {@code MAX_WORKLOADS} (the
 * energy per workload's table) stops the agent with one line saying what to change instead of an
 * out-of-memory exit later. The launcher sets the ceiling from the machine's (or container's)
 * memory, not from a fixed size; the heap itself grows only as far as the live data needs.
 */
final class HeapCeiling {

  /**
   * Heap the agent needs besides its rings and tables (its live data is a few MiB), with a margin.
   */
  static final long OTHER_BYTES = 24L << 20;

  private HeapCeiling() {}

  /**
   * Throws when the rings for {@code settings} and the series of {@code sensors} cannot fit in a
   * heap of at most {@code maxHeapBytes} (what {@link Runtime#maxMemory()} reports).
   */
  static void check(Settings settings, List<NamedSensor> sensors, long maxHeapBytes)
      throws StartupException {
    List<Series> series =
        sensors.stream().flatMap(sensor -> sensor.sensor().series().stream()).toList();
    int width = series.size();
    long rows = SampleRing.bytesFor(settings.maxQueueLen(), width);
    long records = RecordRing.bytesFor(settings.plugins().maxRecords());
    long workloads = workloadBytes(settings, series);
    long heapNeeded = heapFor(rows + records + workloads + OTHER_BYTES);
    if (heapNeeded <= maxHeapBytes) {
      return;
    }
    throw new StartupException(
        "MAX_QUEUE_LEN="
            + settings.maxQueueLen()
            + " (rows of "
            + width
            + " series, "
            + mib(rows)
            + " MiB) and MAX_RECORD_QUEUE_LEN="
            + settings.plugins().maxRecords()
            + " ("
            + mib(records)
            + " MiB)"
            + (workloads == 0
                ? ""
                : " and the energy per workload (MAX_WORKLOADS="
                    + settings.attribution().maxWorkloads()
                    + ", "
                    + mib(workloads)
                    + " MiB)")
            + " need a heap of "
            + mib(heapNeeded)
            + " MiB, but this JVM may use "
            + mib(maxHeapBytes)
            + " MiB; lower them"
            + (workloads == 0 ? "" : " (or ATTRIBUTION_LEVEL=off)")
            + ", or raise the ceiling (JOULEFLOW_JAVA_OPTS=-Xmx"
            + mib(heapNeeded + heapNeeded / 16)
            + "m, or more memory for the machine or container)");
  }

  /** The energy per workload's table, when attribution is on (it may still find no cgroups). */
  private static long workloadBytes(Settings settings, List<Series> series) {
    if (!settings.attribution().enabled()) {
      return 0;
    }
    return WorkloadTableSize.of(series, settings.attribution(), settings.maxQueueLen()).bytes();
  }

  /**
   * The heap in which {@code oldBytes} fit, as {@link Runtime#maxMemory()} reports it. The -Xmx to
   * ask for is 1/16 more: the JVM reports the heap less one survivor space (2 MiB with the
   * launcher's young generation of at most 8 MiB and SurvivorRatio=2, less than the 1/16 for any
   * heap this check asks for, since {@code oldBytes} is at least {@link #OTHER_BYTES}).
   *
   * <p>Long-lived arrays live in a generational collector's old generation, by default two thirds
   * of the heap (NewRatio=2); the launcher bounds the young generation (MaxNewSize=8m), so the old
   * one gets more than that, and this rule, kept for JVM flags that do not bound it, asks for a
   * margin.
   */
  static long heapFor(long oldBytes) {
    return oldBytes / 2 * 3;
  }

  private static long mib(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}

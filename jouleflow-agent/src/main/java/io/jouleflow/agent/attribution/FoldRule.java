package io.jouleflow.agent.attribution;

import java.util.Arrays;

/**
 * Which workloads of an interval keep series of their own when there are more than {@code
 * MAX_WORKLOADS}: the largest CPU users; ties at the cut go to the earlier ones in the reading's
 * order. The rest fold into {@code kind="other"} for that interval.
 */
final class FoldRule {

  private final int maxWorkloads;
  private long[] sorted = new long[0];
  private long cut;
  private int tiesLeft;
  private boolean all;

  FoldRule(int maxWorkloads) {
    this.maxWorkloads = maxWorkloads;
  }

  /** Prepares for an interval of {@code count} workloads with {@code cpuNanos}. */
  void prepare(long[] cpuNanos, int count) {
    all = count <= maxWorkloads;
    if (all) {
      return;
    }
    if (sorted.length < count) {
      sorted = new long[count];
    }
    System.arraycopy(cpuNanos, 0, sorted, 0, count);
    Arrays.sort(sorted, 0, count);
    cut = sorted[count - maxWorkloads];
    int above = 0;
    for (int i = count - maxWorkloads; i < count; i++) {
      if (sorted[i] > cut) {
        above++;
      }
    }
    tiesLeft = maxWorkloads - above;
  }

  /** Whether the next workload, in the reading's order, keeps its own series. */
  boolean keeps(long cpuNanos) {
    if (all || cpuNanos > cut) {
      return true;
    }
    if (cpuNanos == cut && tiesLeft > 0) {
      tiesLeft--;
      return true;
    }
    return false;
  }
}

package io.jouleflow.agent.sensor.msr;

import java.util.List;

/**
 * One CPU package (socket) and the logical CPUs its registers are read through.
 *
 * @param index the package's index, the {@code device} label: its rank among the packages in
 *     ascending {@code physical id} order, as powercap numbers them
 * @param firstCpu the lowest-numbered logical CPU of the package, whose file gives the package's
 *     registers
 * @param coreCpus the lowest-numbered logical CPU of each core of the package (an SMT sibling
 *     shares its core's counter), in ascending order
 */
record CpuPackage(int index, int firstCpu, List<Integer> coreCpus) {

  CpuPackage {
    if (index < 0 || firstCpu < 0 || coreCpus.isEmpty()) {
      throw new IllegalArgumentException(
          "package " + index + " needs a CPU: first " + firstCpu + ", cores " + coreCpus);
    }
    coreCpus = List.copyOf(coreCpus);
  }

  /** The {@code device} label of the package's series. */
  String device() {
    return Integer.toString(index);
  }
}

package io.jouleflow.agent.assembly;

import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What {@code SENSORS=auto} runs, written once for the agent, {@code measure} and {@code sensors}:
 * the first CPU source that opens, in the order {@code rapl}, {@code msr}, {@code model} (exact
 * counters first, the estimate last), then every extra that opens ({@code nvml}: GPUs are a domain
 * of their own, not an alternative). When no CPU source opens, auto runs nothing.
 */
final class AutoPolicy {

  private static final List<String> CPU_ORDER = List.of("rapl", "msr", "model");
  private static final List<String> EXTRAS = List.of("nvml");

  private AutoPolicy() {}

  /** {@code names} in the order auto tries them, then the others sorted. */
  static List<String> order(Collection<String> names) {
    TreeSet<String> rest = new TreeSet<>(names);
    List<String> ordered = new ArrayList<>();
    for (String name : tried()) {
      if (rest.remove(name)) {
        ordered.add(name);
      }
    }
    ordered.addAll(rest);
    return ordered;
  }

  /**
   * Applies auto to the names {@code candidate} accepts, opening each with {@code attempt}: CPU
   * sources in order until one opens, then, if one did, every extra.
   */
  static <T> Choice<T> choose(Predicate<String> candidate, Attempt<T> attempt) {
    List<String> passedOver = new ArrayList<>();
    Optional<T> cpu = Optional.empty();
    for (String name : CPU_ORDER) {
      if (cpu.isEmpty() && candidate.test(name)) {
        try {
          cpu = Optional.of(attempt.open(name));
        } catch (UnavailableException e) {
          passedOver.add("no " + name + ": " + e.getMessage());
        }
      }
    }
    List<T> extras = new ArrayList<>();
    Map<String, String> extrasNotUsed = new LinkedHashMap<>();
    for (String name : cpu.isPresent() ? EXTRAS : List.<String>of()) {
      if (candidate.test(name)) {
        try {
          extras.add(attempt.open(name));
        } catch (UnavailableException e) {
          extrasNotUsed.put(name, String.valueOf(e.getMessage()));
        }
      }
    }
    return new Choice<>(cpu, passedOver, extras, extrasNotUsed);
  }

  private static List<String> tried() {
    List<String> tried = new ArrayList<>(CPU_ORDER);
    tried.addAll(EXTRAS);
    return tried;
  }

  /** Opens one candidate of auto, or says why it cannot run here. */
  @FunctionalInterface
  interface Attempt<T> {
    T open(String name) throws UnavailableException;
  }

  /**
   * What auto chose.
   *
   * @param cpu the CPU source that opened, if any
   * @param passedOver why each CPU source tried before did not open, e.g. {@code no rapl: ...}
   * @param extras the extras that opened
   * @param extrasNotUsed why each extra that did not open could not, by name
   */
  record Choice<T>(
      Optional<T> cpu, List<String> passedOver, List<T> extras, Map<String, String> extrasNotUsed) {

    /** Freezes the lists. */
    Choice {
      passedOver = List.copyOf(passedOver);
      extras = List.copyOf(extras);
      extrasNotUsed = Collections.unmodifiableMap(new LinkedHashMap<>(extrasNotUsed));
    }

    /** Everything auto runs: the CPU source, then the extras; empty when no CPU source opened. */
    List<T> all() {
      List<T> all = new ArrayList<>();
      cpu.ifPresent(all::add);
      all.addAll(extras);
      return all;
    }
  }
}

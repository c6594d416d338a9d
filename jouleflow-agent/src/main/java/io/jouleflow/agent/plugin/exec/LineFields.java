package io.jouleflow.agent.plugin.exec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The keys of one JSON line as they stream past, before the line's form is known. Record form:
 * {@code metric}, {@code labels}, {@code value}, {@code timestamp_ms}; pyJoules form: {@code
 * timestamp}, {@code tag}, {@code duration} and domains (every other key).
 */
final class LineFields {

  @Nullable String metric;
  @Nullable Map<String, String> labels;
  @Nullable Double value;
  @Nullable Long timestampMillis;
  @Nullable Long pyJoulesMillis;
  @Nullable String tag;
  @Nullable String firstPyJoulesKey;
  final List<Domain> domains = new ArrayList<>();
  private boolean recordForm;
  private final Set<String> seen = new HashSet<>();

  /** Notes that {@code key} was seen. */
  void claim(String key) throws BadLineException {
    if (!seen.add(key)) {
      throw new BadLineException(BadLineReason.DUPLICATE_KEY, "key '" + key + "' appears twice");
    }
    switch (key) {
      case "metric", "labels", "value", "timestamp_ms" -> recordForm = true;
      default -> {
        if (firstPyJoulesKey == null) {
          firstPyJoulesKey = key;
        }
      }
    }
  }

  /** Whether the line is in record form: it has {@code metric}, {@code value} or their kin. */
  boolean isRecordForm() {
    return recordForm;
  }

  /**
   * One key of a pyJoules dictionary that is not {@code timestamp}, {@code tag} or {@code
   * duration}.
   *
   * @param key e.g. {@code package_0}
   * @param microjoules its value; {@link Double#NaN} when it was not a finite number
   */
  record Domain(String key, double microjoules) {}
}

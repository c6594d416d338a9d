package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series of the records in a range of the records ring, found by one streamed pass: for each,
 * how many records it has and the sequences of its first and last, and the series grouped by metric
 * in order of first appearance. Its size follows the number of series the registry may hold ({@code
 * MAX_SERIES}), not the number of records.
 */
final class RecordSeries {

  private final int[] counts;
  private final long[] first;
  private final long[] last;
  private final Map<String, List<Integer>> seriesByMetric;

  private RecordSeries(
      int[] counts, long[] first, long[] last, Map<String, List<Integer>> seriesByMetric) {
    this.counts = counts;
    this.first = first;
    this.last = last;
    this.seriesByMetric = seriesByMetric;
  }

  /** Reads the records {@code [from, end)} of {@code ring} in chunks of {@code chunkSize}. */
  static RecordSeries scan(
      RecordRing ring,
      SeriesRegistry registry,
      long from,
      long end,
      int chunkSize,
      RecordBatch chunk) {
    int known = registry.size();
    int[] counts = new int[known];
    long[] first = new long[known];
    long[] last = new long[known];
    Map<String, List<Integer>> byMetric = new LinkedHashMap<>();
    long next = from;
    while (next < end) {
      ring.copyRange(next, end, chunkSize, chunk);
      for (int i = 0; i < chunk.size(); i++) {
        int id = chunk.seriesId(i);
        if (id >= known) {
          continue; // registered after the range was fixed: cannot happen, ids come first
        }
        long sequence = chunk.firstSequence() + i;
        if (counts[id]++ == 0) {
          first[id] = sequence;
          byMetric.computeIfAbsent(registry.series(id).metric(), m -> new ArrayList<>()).add(id);
        }
        last[id] = sequence;
      }
      if (chunk.endSequence() <= next) {
        break;
      }
      next = chunk.endSequence();
    }
    return new RecordSeries(counts, first, last, byMetric);
  }

  /** The metrics of the records, in order of first appearance. */
  List<String> metrics() {
    return List.copyOf(seriesByMetric.keySet());
  }

  /** The series of {@code metric}, in order of first appearance. */
  List<Integer> seriesOf(String metric) {
    return seriesByMetric.getOrDefault(metric, List.of());
  }

  int count(int seriesId) {
    return counts[seriesId];
  }

  long first(int seriesId) {
    return first[seriesId];
  }

  long last(int seriesId) {
    return last[seriesId];
  }
}

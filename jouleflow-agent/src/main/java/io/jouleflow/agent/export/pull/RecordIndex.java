package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.SeriesRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of a batch grouped by series (a stable counting sort, so each series keeps ring
 * order, which is ascending time) and the series grouped by metric, in order of first appearance.
 */
final class RecordIndex {

  private final int[] start;
  private final int[] positions;
  private final Map<String, List<Integer>> seriesByMetric;

  private RecordIndex(int[] start, int[] positions, Map<String, List<Integer>> seriesByMetric) {
    this.start = start;
    this.positions = positions;
    this.seriesByMetric = seriesByMetric;
  }

  static RecordIndex of(RecordBatch records, SeriesRegistry registry) {
    int series = 0;
    for (int i = 0; i < records.size(); i++) {
      series = Math.max(series, records.seriesId(i) + 1);
    }
    int[] start = new int[series + 1];
    for (int i = 0; i < records.size(); i++) {
      start[records.seriesId(i) + 1]++;
    }
    for (int id = 0; id < series; id++) {
      start[id + 1] += start[id];
    }
    int[] fill = Arrays.copyOf(start, series);
    int[] positions = new int[records.size()];
    Map<String, List<Integer>> byMetric = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      int id = records.seriesId(i);
      if (fill[id] == start[id]) {
        byMetric.computeIfAbsent(registry.series(id).metric(), m -> new ArrayList<>()).add(id);
      }
      positions[fill[id]++] = i;
    }
    return new RecordIndex(start, positions, byMetric);
  }

  List<String> metrics() {
    return List.copyOf(seriesByMetric.keySet());
  }

  List<Integer> seriesOf(String metric) {
    return seriesByMetric.getOrDefault(metric, List.of());
  }

  int[] positionsOf(int seriesId) {
    return Arrays.copyOfRange(positions, start[seriesId], start[seriesId + 1]);
  }
}

package io.jouleflow.agent.buffer;

import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullMarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ring's two hot paths: the sampler appending one 6-wide row per tick, and a scrape copying
 * 2000 rows out through its cursor.
 */
@NullMarked
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SampleRingBenchmark {

  static final int WIDTH = 6;
  static final int PEEK_ROWS = 2000;

  /** Appends one row, as the sampler does once a tick. */
  @Benchmark
  public long append(Appending state) {
    state.ring.append(state.nextTimestamp++, state.row);
    return state.nextTimestamp;
  }

  /** Copies 2000 rows after a consumer's cursor, as one scrape does; the cursor stays put. */
  @Benchmark
  public RowBatch peek(Peeking state) {
    return state.cursor.peek(state.batch);
  }

  /** A ring of 8192 rows (the 1 kHz setting) that the benchmark keeps appending to. */
  @State(Scope.Thread)
  public static class Appending {
    final SampleRing ring = new SampleRing(8192, WIDTH);
    final double[] row = {81234.567891, 52345.678912, 4123.456789, 79876.54321, 50123.4, 3999.9};
    long nextTimestamp = 1_764_000_000_000L;
  }

  /** A ring of 2048 rows holding 2000, and a cursor at the oldest. */
  @State(Scope.Thread)
  public static class Peeking {
    final SampleRing ring = filled(PEEK_ROWS);
    final RingCursor<RowBatch> cursor = ring.cursor();
    final RowBatch batch = new RowBatch();

    private static SampleRing filled(int rows) {
      SampleRing ring = new SampleRing(rows, WIDTH);
      double[] row = new double[WIDTH];
      for (int i = 0; i < rows; i++) {
        for (int c = 0; c < WIDTH; c++) {
          row[c] = 1000.0 * (c + 1) + i * 0.0625;
        }
        ring.append(1_764_000_000_000L + i, row);
      }
      return ring;
    }
  }
}

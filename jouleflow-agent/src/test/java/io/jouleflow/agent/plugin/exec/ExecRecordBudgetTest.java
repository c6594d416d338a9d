package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.jouleflow.agent.runtime.FakeClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** An exec plugin's records beyond its budget a second are shed and counted, and reading waits. */
class ExecRecordBudgetTest {

  private static final String LINE = "{\"metric\":\"m\",\"value\":1}\n";
  private static final String PYJOULES_LINE =
      "{\"timestamp\":1764201600.1,\"package_0\":1.0,\"dram_0\":2.0,\"core_0\":3.0}\n";

  private final FakeClock clock = new FakeClock();
  private final ExecStats stats = new ExecStats();
  private final BlockingQueue<StdoutPump.Batch> queue = new ArrayBlockingQueue<>(1024);

  @Test
  void linesBeyondTheBudgetAreShedAndReadingWaitsUntilItIsFullAgain() {
    pump(LINE.repeat(25), new RecordBudget(10, clock));

    assertThat(queued()).isEqualTo(23);
    assertThat(stats.recordsShed()).isEqualTo(2);
    assertThat(clock.parks()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void aProgramWithinItsBudgetLosesNothing() {
    RecordBudget budget = new RecordBudget(10, clock);
    for (int second = 0; second < 5; second++) {
      pump(LINE.repeat(10), budget);
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(queued()).isEqualTo(50);
    assertThat(stats.recordsShed()).isZero();
    assertThat(clock.parks()).isEmpty();
  }

  @Test
  void aLineOfSeveralRecordsIsShedWhole() {
    pump(PYJOULES_LINE.repeat(3), new RecordBudget(7, clock));

    assertThat(queued()).isEqualTo(6);
    assertThat(stats.recordsShed()).isEqualTo(3);
  }

  private void pump(String output, RecordBudget budget) {
    StdoutPump.LineHandling handling =
        new StdoutPump.LineHandling(
            new JsonLineParser(new JsonFactory(), "exec", "m"),
            stats,
            new BadLineLog("exec plugin 'test'", clock),
            clock,
            budget);
    new StdoutPump(
            new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), queue, handling)
        .run();
  }

  private int queued() {
    List<StdoutPump.Batch> batches = new ArrayList<>();
    queue.drainTo(batches);
    return batches.stream().mapToInt(batch -> batch.records().size()).sum();
  }
}

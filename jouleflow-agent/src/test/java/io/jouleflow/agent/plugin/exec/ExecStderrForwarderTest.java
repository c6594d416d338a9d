package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.runtime.Clock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ExecStderrForwarderTest {

  private final List<String> logged = new ArrayList<>();
  private final ExecStats stats = new ExecStats();
  private final AtomicLong nanos = new AtomicLong();
  private long nanosPerLine;
  private final Clock clock =
      new Clock() {
        @Override
        public long nanoTime() {
          return nanos.getAndAdd(nanosPerLine);
        }

        @Override
        public long wallMillis() {
          return 0;
        }

        @Override
        public void park(long nanos) {
          java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
      };

  @Test
  void logsErrorsAtWarnAndTheRestAtInfo() {
    forward("starting up\nTraceback (most recent call last):\nWARNING: low battery\n");
    assertThat(logged)
        .containsExactly(
            "INFO starting up",
            "WARN Traceback (most recent call last):",
            "WARN WARNING: low battery");
    assertThat(stats.stderrLines()).isEqualTo(3);
    assertThat(stats.stderrLinesDropped()).isZero();
  }

  @Test
  void dropsAFloodAndSaysHowManyLinesWereDropped() {
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      flood.append("line ").append(i).append('\n');
    }
    forward(flood.toString());
    assertThat(logged).hasSize(StderrForwarder.MAX_LINES_PER_WINDOW + 1);
    assertThat(logged.getLast())
        .isEqualTo("WARN (10 lines not logged: more than 50 lines in 10 s)");
    assertThat(stats.stderrLines()).isEqualTo(60);
    assertThat(stats.stderrLinesDropped()).isEqualTo(10);
  }

  @Test
  void logsEveryLineWhenTheProgramWritesSlowly() {
    nanosPerLine = StderrForwarder.WINDOW.toNanos() / 10;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      lines.append("line ").append(i).append('\n');
    }
    forward(lines.toString());
    assertThat(logged).hasSize(200);
    assertThat(stats.stderrLinesDropped()).isZero();
  }

  private void forward(String text) {
    new StderrForwarder(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            (Level level, String line) -> logged.add(level + " " + line),
            stats,
            clock)
        .run();
  }
}

package io.jouleflow.agent.plugin.exec;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** What an exec plugin has done since the agent started, for the agent's self-metrics. */
final class ExecStats {

  private final AtomicLong linesRead = new AtomicLong();
  private final AtomicLong recordsEmitted = new AtomicLong();
  private final Map<BadLineReason, AtomicLong> badLines = new EnumMap<>(BadLineReason.class);
  private final AtomicLong restarts = new AtomicLong();
  private final AtomicLong recordsShed = new AtomicLong();
  private final AtomicLong stderrLines = new AtomicLong();
  private final AtomicLong stderrLinesDropped = new AtomicLong();

  ExecStats() {
    for (BadLineReason reason : BadLineReason.values()) {
      badLines.put(reason, new AtomicLong());
    }
  }

  /** Lines read from the program's stdout, blank and bad ones included. */
  long linesRead() {
    return linesRead.get();
  }

  /** Records handed to the sink. */
  long recordsEmitted() {
    return recordsEmitted.get();
  }

  /** Lines that gave no records because of {@code reason}. */
  long badLines(BadLineReason reason) {
    return counter(reason).get();
  }

  /** Bad lines by reason, every reason present (zero when it never happened). */
  Map<BadLineReason, Long> badLinesByReason() {
    Map<BadLineReason, Long> counts = new EnumMap<>(BadLineReason.class);
    for (BadLineReason reason : BadLineReason.values()) {
      counts.put(reason, badLines(reason));
    }
    return Collections.unmodifiableMap(counts);
  }

  /** Records shed because the program wrote more than its budget a second. */
  long recordsShed() {
    return recordsShed.get();
  }

  void recordsShed(int count) {
    recordsShed.addAndGet(count);
  }

  /** Times the program was started again after it exited or could not be started. */
  long restarts() {
    return restarts.get();
  }

  /** Lines read from the program's stderr. */
  long stderrLines() {
    return stderrLines.get();
  }

  /** Stderr lines not logged because the program wrote faster than the log's rate limit. */
  long stderrLinesDropped() {
    return stderrLinesDropped.get();
  }

  void lineRead() {
    linesRead.incrementAndGet();
  }

  void recordsEmitted(int count) {
    recordsEmitted.addAndGet(count);
  }

  void badLine(BadLineReason reason) {
    counter(reason).incrementAndGet();
  }

  void restarted() {
    restarts.incrementAndGet();
  }

  void stderrLine(boolean dropped) {
    stderrLines.incrementAndGet();
    if (dropped) {
      stderrLinesDropped.incrementAndGet();
    }
  }

  private AtomicLong counter(BadLineReason reason) {
    return Objects.requireNonNull(badLines.get(reason));
  }
}

package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One live stream: the event format, its own cursor, skipping ahead, the history it starts with.
 */
class LiveStreamTest {

  private static final Duration INTERVAL = Duration.ofMillis(100);

  private final SampleRing ring = new SampleRing(4096, 2);
  private final LiveStreams streams = new LiveStreams(2);
  private long millis = 1_000;
  private double joules;

  @Test
  void eachNewRowBecomesWattsPerSeriesInOneEvent() {
    row(Double.NaN);
    LiveStream stream = new LiveStream(ring, streams, INTERVAL);
    assertThat(stream.next()).isNull();

    row(Double.NaN); // 40 W for 100 ms; the second series has no reading
    row(7); // a first reading gives no watts yet

    assertThat(stream.next())
        .isEqualTo(
            "event: watts\ndata: {\"t\":[1100,1200],\"w\":[[40.0,null],[40.0,null]],"
                + "\"skipped\":0}\n\n");
    assertThat(stream.next()).isNull();
  }

  @Test
  void aSeriesReadLessOftenGetsWattsOverTheTimeSinceItsLastReading() {
    row(0);
    LiveStream stream = new LiveStream(ring, streams, INTERVAL);
    row(Double.NaN);
    row(Double.NaN);
    row(0.9); // 0.9 J over 300 ms

    assertThat(stream.next()).contains("\"w\":[[40.0,null],[40.0,null],[40.0,3.0]]");
  }

  @Test
  void aCounterThatWentBackGivesNoValueNotANegativeOne() {
    row(0);
    LiveStream stream = new LiveStream(ring, streams, INTERVAL);
    joules = -100;
    row(0);

    assertThat(stream.next()).contains("\"w\":[[null,0.0]]");
  }

  @Test
  void aRowJustAfterTheLastBecauseTheClockWentBackGivesNoSpikeItsEnergyWaits() {
    row(0);
    LiveStream stream = new LiveStream(ring, streams, INTERVAL);
    millis -= 99; // the wall clock stepped back: the next row is 1 ms after the last
    row(0);
    row(0);

    // 4 J in 1 ms would read 4000 W; held over, 8 J in 101 ms read 79.208 W
    assertThat(stream.next()).contains("\"t\":[1001,1101],\"w\":[[null,null],[79.208,0.0]]");
  }

  @Test
  void streamsHaveTheirOwnCursorsAndMoveNoScrapersCursor() {
    Consumers consumers =
        new Consumers(
            Feed.of(ring, List.of(series("package"), series("dram"))),
            4,
            Duration.ofMinutes(10),
            new FakeClock());
    row(0);
    Consumer scraper = consumers.get("prom");
    LiveStream first = new LiveStream(ring, streams, INTERVAL);
    row(0);
    LiveStream second = new LiveStream(ring, streams, INTERVAL);
    row(0);

    assertThat(first.next()).contains("\"t\":[1100,1200]");
    assertThat(second.next()).contains("\"t\":[1200]");
    assertThat(first.next()).isNull();
    synchronized (scraper.lock) {
      assertThat(scraper.unread().firstRow()).isZero();
      assertThat(scraper.unread().endRow()).isEqualTo(3);
    }
  }

  @Test
  void aReaderFarBehindSkipsToTheNewestRowsAndCountsWhatItSkipped() {
    row(0);
    LiveStream stream = new LiveStream(ring, streams, INTERVAL);
    for (int i = 0; i < 1000; i++) {
      row(0);
    }

    String event = String.valueOf(stream.next());

    assertThat(event.split("\\],\"w\"")[0].split(",")).hasSize(LiveStream.MAX_ROWS);
    assertThat(event).endsWith(",\"skipped\":" + (1000 - LiveStream.MAX_ROWS) + "}\n\n");
    // the first row after the gap: the mean power over the gap, still 40 W
    assertThat(event).contains("\"w\":[[40.0,0.0],");
    assertThat(stream.skipped()).isEqualTo(1000 - LiveStream.MAX_ROWS);
    assertThat(streams.skippedRows()).isEqualTo(1000 - LiveStream.MAX_ROWS);
    row(0);
    assertThat(stream.next()).endsWith("\"skipped\":" + (1000 - LiveStream.MAX_ROWS) + "}\n\n");
  }

  @Test
  void theHistoryAveragesTheRingsLastMinutesIntoAtMost300Points() {
    for (int i = 0; i < 4000; i++) { // 400 s at 100 ms: the window is the last 300 s
      row(0);
    }

    String history = LiveHistory.json(ring, Duration.ofMillis(100));

    String times = history.substring(history.indexOf("[") + 1, history.indexOf("]"));
    assertThat(times.split(",")).hasSizeBetween(299, LiveHistory.POINTS);
    assertThat(times).endsWith(Long.toString(millis - 100));
    assertThat(history).contains("[40.0,0.0]").doesNotContain("null");
  }

  @Test
  void anEmptyRingHasAnEmptyHistoryAndAStreamThatWaits() {
    assertThat(LiveHistory.json(ring, Duration.ofMillis(100))).isEqualTo("{\"t\":[],\"w\":[]}");
    assertThat(new LiveStream(ring, streams, INTERVAL).next()).isNull();
  }

  private void row(double second) {
    ring.append(millis, new double[] {joules, second});
    millis += 100;
    joules += 4;
  }

  private static Series series(String domain) {
    return Series.energy("rapl", domain, "0");
  }
}

package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RecordRing;
import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.buffer.SeriesRegistry;
import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Series;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ConsumersTest {

  private final SampleRing ring = new SampleRing(16, 1);
  private final AtomicLong now = new AtomicLong();
  private final Consumers consumers =
      new Consumers(
          new Feed(
              ring,
              List.of(Series.energy("test", "package", "0")),
              new RecordRing(1),
              new SeriesRegistry(1)),
          4,
          Duration.ofMinutes(10),
          FakeClock.reading(now::get));

  @Test
  void aBatchIsCommittedWhenTheNextRequestComesOnTheSameConnection() {
    append(3);
    assertThat(scrape("prom", "conn-1", false)).isEqualTo(3);
    append(2);
    assertThat(scrape("prom", "conn-1", false)).isEqualTo(2);
  }

  @Test
  void aBatchIsServedAgainWhenTheScraperCameBackOnAnotherConnection() {
    append(3);
    scrape("prom", "conn-1", false);
    append(2);
    // conn-1 was dropped before its body was read: the three rows are served again
    assertThat(scrape("prom", "conn-2", false)).isEqualTo(5);
    assertThat(scrape("prom", "conn-2", false)).isZero();
  }

  @Test
  void aFailedWriteServesTheRowsAgain() {
    append(3);
    Consumer consumer = consumers.get("prom");
    consumer.arrived("conn-1", now.get());
    consumer.unread();
    consumer.failed();
    assertThat(scrape("prom", "conn-1", false)).isEqualTo(3);
    assertThat(consumer.failedScrapes()).isEqualTo(1);
  }

  @Test
  void connectionCloseCommitsAtOnce() {
    append(3);
    scrape("curl", "conn-1", true);
    append(1);
    assertThat(scrape("curl", "conn-2", true)).isEqualTo(1);
  }

  @Test
  void consumersHaveIndependentCursors() {
    append(4);
    scrape("prom-a", "a", false);
    scrape("prom-a", "a", false);
    assertThat(scrape("prom-b", "b", false)).isEqualTo(4);
  }

  @Test
  void anOverrunIsCountedPerConsumer() {
    append(2);
    scrape("slow", "s", false);
    scrape("slow", "s", false);
    append(20);
    assertThat(scrape("slow", "s", false)).isEqualTo(16);
    scrape("slow", "s", false);
    assertThat(consumers.get("slow").droppedSamples()).isEqualTo(4);
  }

  @Test
  void aConsumerUnseenForTenMinutesIsForgotten() {
    append(2);
    scrape("old", "o", false);
    scrape("old", "o", false);
    now.addAndGet(Duration.ofMinutes(11).toNanos());
    consumers.get("other");
    assertThat(consumers.all()).extracting(consumer -> consumer.name).containsExactly("other");
    assertThat(scrape("old", "o", false)).isEqualTo(2);
  }

  @Test
  void aNewConsumerBeyondTheLimitEvictsTheLeastRecentlySeen() {
    for (String name : List.of("a", "b", "c", "d")) {
      consumers.get(name);
      now.addAndGet(1_000_000_000L);
    }
    consumers.get("a"); // seen again: now b is the least recently seen
    try (LogCapture log = new LogCapture()) {
      consumers.get("e");
      consumers.get("f");
      assertThat(consumers.all())
          .extracting(consumer -> consumer.name)
          .containsExactly("a", "d", "e", "f");
      assertThat(consumers.evicted()).isEqualTo(2);
      // once a minute: the second eviction is held back
      assertThat(log.text().lines().filter(line -> line.contains("forgot consumer")))
          .singleElement(as(InstanceOfAssertFactories.STRING))
          .contains("forgot consumer 'b'")
          .contains("new consumer 'e'")
          .contains("MAX_CONSUMERS=4");
    }
  }

  @Test
  void tenThousandNamesLeaveAtMostTheLimitAndAnEvictedScraperMissesNothing() {
    append(3);
    scrape("prom", "p", false);
    append(2);
    for (int i = 0; i < 10_000; i++) {
      consumers.get("flood-" + i);
    }
    assertThat(consumers.all()).hasSize(4);
    assertThat(consumers.evicted()).isEqualTo(10_000 - 3);
    // prom was forgotten: it starts again at the oldest row, so it reads all five again
    assertThat(scrape("prom", "p", false)).isEqualTo(5);
  }

  private int scrape(String name, String connection, boolean closing) {
    Consumer consumer = consumers.get(name);
    consumer.arrived(connection, now.get());
    ScrapeRange range = consumer.unread();
    int rows = (int) (range.endRow() - range.firstRow());
    consumer.written(connection, closing, range, rows, 0);
    return rows;
  }

  private void append(int rows) {
    for (int i = 0; i < rows; i++) {
      ring.append(1_700_000_000_000L + ring.published() + 1, new double[] {i});
    }
  }
}

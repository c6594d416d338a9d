package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the spool costs: memory at start-up, and bytes on disk against {@code SPOOL_MAX_BYTES}. */
class SpoolLimitsTest {

  private static final int MANY = 50_000;
  private static final int SENT = 20_000;
  private static final int FRAME = SpoolFrame.HEADER + 100;

  @TempDir Path dir;
  private final ShipperStats stats = new ShipperStats();

  @Test
  void recoveryKeepsCountsPerSegmentNotAnObjectPerRecord() throws IOException {
    try (Spool spool = open(8L << 20)) {
      for (int i = 0; i < MANY; i++) {
        spool.append(SpoolTest.batch(i, 3, 8));
      }
      for (int i = 0; i < SENT; i++) {
        assertThat(spool.first()).isPresent();
        spool.remove();
      }
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    SpoolRecovery recovered = SpoolRecovery.recover(dir, stats.spool());
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(recovered.segments()).hasSize((int) segmentFiles());
    assertThat(recovered.segments().stream().mapToLong(s -> s.requests).sum())
        .isEqualTo(MANY - SENT);
    assertThat(recovered.segments().stream().mapToLong(s -> s.samples).sum())
        .isEqualTo(3L * (MANY - SENT));
    assertThat(recovered.done()).isEqualTo(SENT);
    assertThat(recovered.nextSeq()).isEqualTo(MANY);
    assertThat(allocated)
        .as("bytes allocated to recover %d records: a few buffers, nothing per record", MANY)
        .isLessThan(1L << 20);
    try (Spool spool = open(8L << 20)) {
      assertThat(SpoolTest.idOf(spool.first().orElseThrow())).isEqualTo(SENT);
      assertThat(SpoolTest.drain(spool)).hasSize(MANY - SENT).endsWith(MANY - 1);
    }
  }

  @Test
  void acknowledgementsCountAgainstSpoolMaxBytesBeforeTheyAreWritten() throws IOException {
    long max = 1L << 20;
    try (Spool spool = open(max)) {
      int id = 0;
      while (id < 20_000 && max - spool.bytes() >= FRAME) {
        spool.append(SpoolTest.batch(id++, 1, FRAME - SpoolFrame.HEADER));
        assertThat(spool.bytes()).isLessThanOrEqualTo(max);
      }
      for (int i = 0; i < 200; i++) {
        assertThat(spool.first()).isPresent();
        spool.remove();
        assertThat(spool.bytes()).as("after %d acknowledgements", i + 1).isLessThanOrEqualTo(max);
      }
      for (int i = 0; i < 5_000; i++) {
        spool.append(SpoolTest.batch(id++, 1, FRAME - SpoolFrame.HEADER));
        assertThat(spool.first()).isPresent();
        spool.remove();
        assertThat(spool.bytes()).isLessThanOrEqualTo(max);
      }
      while (spool.requests() > 0) {
        spool.first();
        spool.remove();
        assertThat(spool.bytes()).isLessThanOrEqualTo(max);
      }
    }
  }

  @Test
  void aRequestLargerThanSpoolMaxBytesIsStillWrittenAloneAndSentInOrder() throws IOException {
    long max = 1L << 20;
    try (Spool spool = open(max)) {
      spool.append(SpoolTest.batch(0, 1, 1000));
      spool.append(SpoolTest.batch(1, 1, 1000));
      spool.append(SpoolTest.batch(2, 5, (int) max + 1000));
      assertThat(spool.requests()).as("only the large one, the older ones dropped").isEqualTo(1);
      assertThat(stats.spool().requestsDropped()).isEqualTo(2);
      assertThat(spool.bytes())
          .as("the one exception to the bound: it and a segment's first acknowledgement")
          .isBetween(max, max + 1000 + 2 * SpoolFrame.HEADER);
      spool.append(SpoolTest.batch(3, 1, 1000));
      assertThat(spool.bytes()).as("the next append drops it").isLessThanOrEqualTo(max);
      assertThat(SpoolTest.drain(spool)).containsExactly(3);
    }
  }

  private Spool open(long maxBytes) throws IOException {
    return Spool.open(dir, maxBytes, stats, SpoolDisk.REAL);
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> SpoolSegment.idOf(f.getFileName().toString()) >= 0).count();
    }
  }
}

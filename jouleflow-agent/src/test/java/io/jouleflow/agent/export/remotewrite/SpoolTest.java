package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push spool on its own: what survives a reopen, in which order, and what is skipped. */
class SpoolTest {

  private static final long MAX = 256L << 20;

  @TempDir Path dir;
  private final ShipperStats stats = new ShipperStats();

  @Test
  void aReopenedSpoolHandsBackEveryRequestOldestFirst() throws IOException {
    try (Spool spool = open(MAX)) {
      for (int i = 0; i < 5; i++) {
        spool.append(batch(i, 100));
      }
    }
    try (Spool spool = open(MAX)) {
      assertThat(spool.requests()).isEqualTo(5);
      assertThat(spool.samples()).isEqualTo(500);
      assertThat(drain(spool)).containsExactly(0, 1, 2, 3, 4);
    }
  }

  @Test
  void requestsDoneWithAreNotSentAgainAfterAReopen() throws IOException {
    try (Spool spool = open(MAX)) {
      for (int i = 0; i < 4; i++) {
        spool.append(batch(i, 10));
      }
      for (int i = 0; i < 2; i++) {
        assertThat(spool.first()).isPresent();
        spool.remove();
      }
      spool.append(batch(4, 10));
    }
    try (Spool spool = open(MAX)) {
      Batch first = spool.first().orElseThrow();
      assertThat(first.mayHaveLanded()).as("sent by an earlier run, perhaps").isTrue();
      assertThat(drain(spool)).containsExactly(2, 3, 4);
    }
    try (Spool spool = open(MAX)) {
      assertThat(spool.requests()).isZero();
    }
  }

  @Test
  void aTornTailIsSkippedAndCounted() throws IOException {
    try (Spool spool = open(MAX)) {
      spool.append(batch(0, 10));
      spool.append(batch(1, 10));
    }
    Path segment = onlySegmentWithRequests();
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 5);
    }
    try (Spool spool = open(MAX)) {
      assertThat(stats.spool().corrupt()).isEqualTo(1);
      assertThat(drain(spool)).containsExactly(0);
    }
  }

  @Test
  void aCorruptRecordIsNeverSentAndIsCounted() throws IOException {
    try (Spool spool = open(MAX)) {
      spool.append(batch(0, 10));
      spool.append(batch(1, 10));
    }
    Path segment = onlySegmentWithRequests();
    byte[] bytes = Files.readAllBytes(segment);
    int secondBody = 2 * SpoolFrame.HEADER + 1000 + SpoolFrame.HEADER + 10;
    bytes[secondBody] ^= 0x5a;
    Files.write(segment, bytes);
    try (Spool spool = open(MAX)) {
      assertThat(stats.spool().corrupt()).isEqualTo(1);
      assertThat(drain(spool)).containsExactly(0);
    }
  }

  @Test
  void aZeroLengthSegmentAndLeftoverTemporaryFilesAreRemoved() throws IOException {
    Files.createDirectories(dir);
    Path empty = Files.createFile(dir.resolve(SpoolSegment.fileName(7)));
    Path temporary = Files.createFile(dir.resolve("00000000000000000008.seg.tmp"));
    try (Spool spool = open(MAX)) {
      assertThat(spool.requests()).isZero();
      assertThat(stats.spool().corrupt())
          .as("an empty segment is a crash between its creation and its first record: no damage")
          .isZero();
    }
    assertThat(empty).doesNotExist();
    assertThat(temporary).doesNotExist();
  }

  @Test
  void atSpoolMaxBytesTheOldestRequestsAreDroppedAndCounted() throws IOException {
    long max = 1L << 20;
    try (Spool spool = open(max)) {
      for (int i = 0; i < 200; i++) {
        spool.append(batch(i, 10, 20_000));
        assertThat(spool.bytes()).isLessThanOrEqualTo(max);
      }
      long dropped = stats.spool().requestsDropped();
      assertThat(dropped).isPositive();
      assertThat(stats.samplesDropped(DropReason.SPOOL_FULL)).isEqualTo(dropped * 10);
      assertThat(spool.requests()).isEqualTo(200 - dropped);
      List<Integer> left = drain(spool);
      assertThat(left).hasSize((int) (200 - dropped)).isSorted().endsWith(199);
      assertThat(left.getFirst()).isEqualTo((int) dropped);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).as("spent segments deleted").isLessThanOrEqualTo(2);
    }
  }

  @Test
  void spentSegmentsAreDeletedAsRequestsAreDoneWith() throws IOException {
    try (Spool spool = open(1L << 20)) {
      for (int i = 0; i < 100; i++) {
        spool.append(batch(i, 10, 20_000));
        assertThat(spool.first()).isPresent();
        spool.remove();
      }
      assertThat(spool.requests()).isZero();
      assertThat(spool.bytes()).isLessThan(2 * (128 << 10) + 1);
      assertThat(stats.spool().bytesWritten()).isGreaterThan(100 * 20_000L);
    }
  }

  private Spool open(long maxBytes) throws IOException {
    return Spool.open(dir, maxBytes, stats, SpoolDisk.REAL);
  }

  private Path onlySegmentWithRequests() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.sorted().toList();
      return segments.getFirst();
    }
  }

  /** The ids of the requests the spool hands back, each removed after. */
  static List<Integer> drain(Spool spool) {
    List<Integer> ids = new ArrayList<>();
    while (spool.requests() > 0) {
      Batch batch = spool.first().orElseThrow();
      ids.add(idOf(batch));
      spool.remove();
    }
    return ids;
  }

  static Batch batch(int id, int samples) {
    return batch(id, samples, 1000);
  }

  /** A request whose body starts with {@code id} and is otherwise incompressible noise. */
  static Batch batch(int id, int samples, int bytes) {
    byte[] body = new byte[bytes];
    new Random(id).nextBytes(body);
    body[0] = (byte) (id >> 24);
    body[1] = (byte) (id >> 16);
    body[2] = (byte) (id >> 8);
    body[3] = (byte) id;
    return new Batch(body, samples);
  }

  static int idOf(Batch batch) {
    byte[] body = batch.body();
    return (body[0] & 0xff) << 24 | (body[1] & 0xff) << 16 | (body[2] & 0xff) << 8 | body[3] & 0xff;
  }
}

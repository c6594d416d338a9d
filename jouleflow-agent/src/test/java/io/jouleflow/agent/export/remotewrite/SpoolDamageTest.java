package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.SpoolTest.batch;
import static io.jouleflow.agent.export.remotewrite.SpoolTest.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.export.remotewrite.ShipperStats.DropReason;
import io.jouleflow.agent.runtime.FakeClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool after damage at run time: what is written after a damaged record stays readable. */
class SpoolDamageTest {

  private static final long MAX = 256L << 20;

  @TempDir Path dir;
  private final ShipperStats stats = new ShipperStats();

  @Test
  void aCorruptRecordInTheSegmentBeingWrittenLosesNothingAppendedAfterIt() throws IOException {
    try (Spool spool = Spool.open(dir, MAX, stats, SpoolDisk.REAL)) {
      spool.append(batch(0, 10));
      spool.append(batch(1, 10));
      flipByte(onlySegment(), 2 * SpoolFrame.HEADER + 1000 + SpoolFrame.HEADER + 10);
      assertThat(drainIntact(spool)).containsExactly(0);
      assertThat(stats.spool().corrupt()).isEqualTo(1);
      spool.append(batch(2, 10));
      spool.append(batch(3, 10));
      assertThat(drainIntact(spool)).containsExactly(2, 3);
      assertThat(stats.samplesDropped(DropReason.SPOOL_CORRUPT)).isEqualTo(10);
    }
  }

  @Test
  void anAcknowledgementAfterATornWriteIsReadBackAfterARestart() throws IOException {
    TearingDisk disk = new TearingDisk();
    try (Spool spool = Spool.open(dir, MAX, stats, disk)) {
      spool.append(batch(0, 10));
      disk.tearing = true;
      assertThatThrownBy(() -> spool.append(batch(1, 10))).isInstanceOf(IOException.class);
      disk.tearing = false;
      assertThat(drain(spool)).containsExactly(0);
    }
    try (Spool spool = Spool.open(dir, MAX, stats, SpoolDisk.REAL)) {
      assertThat(spool.requests()).as("request 0 was acknowledged: not sent again").isZero();
    }
  }

  @Test
  void aFullDiskAtStartUpStillSendsWhatTheSpoolHoldsAndKeepsNewRequestsInMemory()
      throws IOException {
    try (Spool spool = Spool.open(dir, MAX, stats, SpoolDisk.REAL)) {
      spool.append(batch(0, 10));
      spool.append(batch(1, 10));
    }
    TearingDisk full = new TearingDisk();
    full.tearing = true;
    SpoolBacklog backlog = SpoolBacklog.open(dir, MAX, 100, stats, new FakeClock(), full);
    backlog.add(batch(2, 10));
    assertThat(backlog.durable()).isFalse();
    List<Integer> ids = new ArrayList<>();
    while (!backlog.isEmpty()) {
      ids.add(SpoolTest.idOf(backlog.first().orElseThrow()));
      backlog.remove();
    }
    assertThat(ids).containsExactly(0, 1, 2);
  }

  /** The ids of the intact requests the spool hands back, each removed after. */
  private static List<Integer> drainIntact(Spool spool) {
    List<Integer> ids = new ArrayList<>();
    for (Optional<Batch> first = spool.first(); first.isPresent(); first = spool.first()) {
      ids.add(SpoolTest.idOf(first.get()));
      spool.remove();
    }
    return ids;
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.sorted().toList();
      assertThat(segments).hasSize(1);
      return segments.getFirst();
    }
  }

  private static void flipByte(Path file, int at) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x5a);
    }
  }

  /** A disk that, while tearing, writes a record's header only and cannot cut it off again. */
  private static final class TearingDisk implements SpoolDisk {
    boolean tearing;

    @Override
    public void write(FileChannel channel, ByteBuffer[] buffers) throws IOException {
      if (!tearing) {
        SpoolDisk.super.write(channel, buffers);
        return;
      }
      channel.write(buffers[0]);
      throw new IOException("No space left on device");
    }

    @Override
    public void truncate(FileChannel channel, long size) throws IOException {
      if (tearing) {
        throw new IOException("No space left on device");
      }
      SpoolDisk.super.truncate(channel, size);
    }
  }
}

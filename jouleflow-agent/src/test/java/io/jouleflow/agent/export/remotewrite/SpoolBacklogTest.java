package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.fixture.LogCapture;
import io.jouleflow.agent.runtime.FakeClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool behind the shipper: a disk that cannot be written degrades to memory, then recovers.
 */
class SpoolBacklogTest {

  @TempDir Path dir;
  private final ShipperStats stats = new ShipperStats();
  private final FakeClock clock = new FakeClock();

  @Test
  void aSpoolDirThatCannotBeCreatedIsOneLineNamingTheSetting() throws IOException {
    Path file = Files.createFile(dir.resolve("a-file"));
    assertThatThrownBy(
            () ->
                SpoolBacklog.open(file.resolve("spool"), 1 << 20, 10, stats, clock, SpoolDisk.REAL))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("SPOOL_DIR is '" + file.resolve("spool") + "', which cannot be")
        .hasMessageContaining("accepted: empty, or a folder this user can create and write")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFailingWriteDegradesToMemoryLoudlyAndRecoversInOrder() throws IOException {
    FailingDisk disk = new FailingDisk();
    SpoolBacklog backlog = SpoolBacklog.open(dir, 1 << 20, 100, stats, clock, disk);
    backlog.add(SpoolTest.batch(0, 10));
    disk.failing = true;
    try (LogCapture log = new LogCapture()) {
      backlog.add(SpoolTest.batch(1, 10));
      backlog.add(SpoolTest.batch(2, 10));
      assertThat(log.text())
          .containsOnlyOnce("SPOOL_DIR=" + dir + " cannot be written")
          .contains("No space left on device");
    }
    assertThat(stats.spool().degraded()).isTrue();
    assertThat(stats.spool().metrics())
        .anySatisfy(
            metric -> {
              assertThat(metric.name()).isEqualTo("jouleflow_spool_degraded");
              assertThat(metric.points().getFirst().value()).isEqualTo(1.0);
            });
    assertThat(backlog.durable()).isFalse();
    disk.failing = false;
    clock.advance(SpoolBacklog.RETRY_DISK);
    backlog.add(SpoolTest.batch(3, 10));
    assertThat(stats.spool().degraded()).isFalse();
    assertThat(backlog.size()).isEqualTo(4);
    assertThat(drain(backlog)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void aFullDiskLosesNothingThatFitsInMemory() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("small"));
    assumeTrue(mountTmpfs(mount), "mounting a 256 KiB tmpfs is not permitted here");
    try {
      SpoolBacklog backlog = SpoolBacklog.open(mount, 4 << 20, 1000, stats, clock, SpoolDisk.REAL);
      try (LogCapture log = new LogCapture()) {
        for (int i = 0; i < 40; i++) {
          backlog.add(SpoolTest.batch(i, 10, 20_000));
        }
        assertThat(log.text()).containsOnlyOnce("cannot be written");
      }
      assertThat(stats.spool().degraded()).isTrue();
      assertThat(stats.samplesDropped()).isZero();
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(i);
      }
      assertThat(drain(backlog)).isEqualTo(ids);
      backlog.abandon();
    } finally {
      new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
    }
  }

  private static boolean mountTmpfs(Path at) throws InterruptedException {
    try {
      Process mount =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", at.toString())
              .redirectErrorStream(true)
              .start();
      return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Integer> drain(Backlog backlog) {
    List<Integer> ids = new ArrayList<>();
    while (!backlog.isEmpty()) {
      ids.add(SpoolTest.idOf(backlog.first().orElseThrow()));
      backlog.remove();
    }
    return ids;
  }

  /** A disk that answers every write with ENOSPC while {@link #failing}. */
  private static final class FailingDisk implements SpoolDisk {
    volatile boolean failing;

    @Override
    public void write(FileChannel channel, ByteBuffer[] buffers) throws IOException {
      if (failing) {
        throw new IOException("No space left on device");
      }
      SpoolDisk.super.write(channel, buffers);
    }
  }
}

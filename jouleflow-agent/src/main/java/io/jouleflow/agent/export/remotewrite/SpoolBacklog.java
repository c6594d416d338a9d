package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog with {@code SPOOL_DIR} set: every request goes to the {@link Spool} before it is
 * sent. When the spool cannot be written (a full or read-only disk, a folder gone), it degrades to
 * today's memory queue (bounded by {@code MAX_RETRY_BATCHES}) with one loud line and {@code
 * jouleflow_spool_degraded 1}, and tries the disk again every {@link #RETRY_DISK}: once a write
 * works, the requests waiting in memory move to disk, in order. The spool's requests are older than
 * those in memory, so they go first. Used by the shipper thread only.
 */
final class SpoolBacklog implements Backlog {

  /** How often a degraded spool tries to write again. */
  static final Duration RETRY_DISK = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(SpoolBacklog.class);

  private final Spool spool;
  private final RetryQueue memory;
  private final SpoolStats stats;
  private final Clock clock;
  private final Path dir;
  private boolean degraded;
  private long lastTry;

  SpoolBacklog(Spool spool, RetryQueue memory, SpoolStats stats, Clock clock, Path dir) {
    this.spool = spool;
    this.memory = memory;
    this.stats = stats;
    this.clock = clock;
    this.dir = dir;
  }

  /**
   * Opens the spool in {@code dir}.
   *
   * @throws IOException with one line naming {@code SPOOL_DIR} when it cannot be created or written
   */
  static SpoolBacklog open(
      Path dir, long maxBytes, int maxRetryBatches, ShipperStats stats, Clock clock, SpoolDisk disk)
      throws IOException {
    try {
      Spool spool = Spool.open(dir, maxBytes, stats, disk);
      return new SpoolBacklog(spool, new RetryQueue(maxRetryBatches), stats.spool(), clock, dir);
    } catch (IOException e) {
      throw new IOException(
          "SPOOL_DIR is '"
              + dir
              + "', which cannot be created or written ("
              + e
              + "); accepted: empty, or a folder this user can create and write",
          e);
    }
  }

  @Override
  public Optional<Batch> add(Batch batch) {
    if (degraded && clock.nanoTime() - lastTry >= RETRY_DISK.toNanos()) {
      recover();
    }
    if (!degraded) {
      try {
        spool.append(batch);
        return Optional.empty();
      } catch (IOException e) {
        degrade(e);
      }
    }
    return memory.add(batch);
  }

  @Override
  public Optional<Batch> first() {
    if (spool.requests() > 0) {
      Optional<Batch> first = spool.first();
      if (first.isPresent()) {
        return first;
      }
    }
    return memory.first();
  }

  @Override
  public List<Batch> firsts(int maxSamples, int maxRawBytes) {
    if (spool.requests() > 0) {
      List<Batch> parts = spool.firsts(maxSamples, maxRawBytes);
      if (!parts.isEmpty()) {
        return parts;
      }
    }
    return memory.firsts(maxSamples, maxRawBytes);
  }

  @Override
  public void markMayHaveLanded(List<Batch> parts) {
    Backlog.super.markMayHaveLanded(parts);
    spool.markMayHaveLanded(parts);
  }

  @Override
  public void remove() {
    if (spool.requests() > 0) {
      spool.remove();
    } else {
      memory.remove();
    }
  }

  @Override
  public boolean isEmpty() {
    return spool.requests() == 0 && memory.isEmpty();
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, spool.requests() + memory.size());
  }

  @Override
  public long samples() {
    return spool.samples() + memory.samples();
  }

  @Override
  public boolean durable() {
    return !degraded;
  }

  @Override
  public void sync() {
    if (!degraded) {
      try {
        spool.sync();
      } catch (IOException e) {
        degrade(e);
      }
    }
  }

  /** The spool's requests stay on disk for the next start; those in memory are lost. */
  @Override
  public long abandon() {
    long lost = memory.abandon();
    if (spool.requests() > 0) {
      log.info(
          "spool: {} requests ({} samples) kept in SPOOL_DIR={} for the next start",
          spool.requests(),
          spool.samples(),
          dir);
    }
    spool.close();
    return lost;
  }

  private void degrade(IOException e) {
    degraded = true;
    lastTry = clock.nanoTime();
    stats.recordDegraded(true);
    log.error(
        "spool: SPOOL_DIR={} cannot be written ({}); requests wait in memory instead, up to"
            + " MAX_RETRY_BATCHES, and are lost if the agent dies; trying the disk again every {} s",
        dir,
        e.toString(),
        RETRY_DISK.toSeconds());
  }

  /** Moves what waits in memory to disk, oldest first; stays degraded at the first failure. */
  private void recover() {
    lastTry = clock.nanoTime();
    try {
      while (!memory.isEmpty()) {
        spool.append(memory.first().orElseThrow());
        memory.remove();
      }
      spool.sync();
    } catch (IOException e) {
      log.debug("spool: SPOOL_DIR={} still cannot be written: {}", dir, e.toString());
      return;
    }
    degraded = false;
    stats.recordDegraded(false);
    log.warn("spool: SPOOL_DIR={} can be written again; requests go to disk again", dir);
  }
}

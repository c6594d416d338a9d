package io.jouleflow.agent.export.remotewrite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run left in {@code SPOOL_DIR}: every segment read through, without keeping its
 * records, up to its first torn or corrupt record (counted; what follows it in that segment cannot
 * be trusted and is not sent), the highest acknowledgement, and the requests not done with. Empty
 * or spent segments and leftover temporary files are removed.
 *
 * @param segments the segments that hold requests not done with, oldest first
 * @param done the first sequence number not done with
 * @param nextSeq the sequence number of the next request
 * @param nextSegment the id of the next segment
 */
record SpoolRecovery(ArrayDeque<SpoolSegment> segments, long done, long nextSeq, long nextSegment) {

  private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);

  /**
   * Reads what {@code dir} holds; a damaged record is counted in {@code stats}, never fatal. Keeps
   * per segment only its counts (requests, samples, sequence numbers), never a record: memory grows
   * with the segments, not with the records. A segment that holds both requests done with and
   * requests not done with (the one the last acknowledgement falls in) is read a second time.
   */
  static SpoolRecovery recover(Path dir, SpoolStats stats) throws IOException {
    SpoolScanner scanner = new SpoolScanner();
    List<SpoolSegment> found = list(dir);
    long done = 0;
    long nextSegment = 0;
    for (SpoolSegment segment : found) {
      nextSegment = Math.max(nextSegment, segment.id + 1);
      done = Math.max(done, scan(segment, scanner, Long.MIN_VALUE, stats));
    }
    long nextSeq = done;
    ArrayDeque<SpoolSegment> live = new ArrayDeque<>();
    for (SpoolSegment segment : found) {
      nextSeq = Math.max(nextSeq, segment.lastSeq + 1);
      if (segment.requests > 0 && segment.lastSeq >= done && segment.firstSeq < done) {
        scan(segment, scanner, done, null);
      }
      if (segment.requests > 0 && segment.lastSeq >= done) {
        live.addLast(segment);
      } else {
        Files.deleteIfExists(segment.path);
      }
    }
    report(dir, live);
    return new SpoolRecovery(live, done, nextSeq, nextSegment);
  }

  /** The segments in {@code dir}, oldest first; leftover temporary files are deleted. */
  private static List<SpoolSegment> list(Path dir) throws IOException {
    List<SpoolSegment> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        long id = SpoolSegment.idOf(name);
        if (id >= 0 && Files.isRegularFile(file)) {
          segments.add(new SpoolSegment(id, file));
        } else if (name.endsWith(".tmp")) {
          log.info("spool: removing the leftover temporary file {}", file);
          Files.deleteIfExists(file);
        }
      }
    }
    segments.sort(Comparator.comparingLong(segment -> segment.id));
    return segments;
  }

  /**
   * Counts in {@code segment} the requests numbered {@code from} or more, up to its first damaged
   * record (counted in {@code stats} when given).
   *
   * @return the highest acknowledgement it holds; 0 when none
   */
  private static long scan(
      SpoolSegment segment, SpoolScanner scanner, long from, @Nullable SpoolStats stats)
      throws IOException {
    segment.clearCounts();
    long done = 0;
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      long size = stats == null ? segment.end : channel.size();
      long offset = 0;
      int frame;
      while ((frame = scanner.check(channel, offset, size)) > 0) {
        if (scanner.isAck()) {
          done = Math.max(done, scanner.seq());
        } else if (scanner.seq() >= from) {
          segment.count(scanner.seq(), scanner.samples());
        }
        offset += frame;
      }
      if (stats != null) {
        segment.bytes = size;
        segment.end = offset;
        if (offset < size) {
          stats.recordCorrupt();
          log.warn(
              "spool: {} is torn or corrupt at byte {} of {}; its records from there on are"
                  + " skipped",
              segment.path,
              offset,
              size);
        }
      }
    }
    return done;
  }

  private static void report(Path dir, ArrayDeque<SpoolSegment> live) {
    long requests = 0;
    long samples = 0;
    for (SpoolSegment segment : live) {
      requests += segment.requests;
      samples += segment.samples;
    }
    if (requests > 0) {
      log.info(
          "spool: SPOOL_DIR={} holds {} requests ({} samples) from an earlier run; sending them"
              + " first, oldest first",
          dir,
          requests,
          samples);
    }
  }
}

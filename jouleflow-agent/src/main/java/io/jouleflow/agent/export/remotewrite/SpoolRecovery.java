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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run left in {@code SPOOL_DIR}: every segment read through once, up to its first
 * torn or corrupt record (counted; what follows it in that segment cannot be trusted and is not
 * sent), the highest acknowledgement, and the requests not done with. Empty or spent segments and
 * leftover temporary files are removed.
 *
 * @param segments the segments that hold requests not done with, oldest first
 * @param done the first sequence number not done with
 * @param nextSeq the sequence number of the next request
 * @param nextSegment the id of the next segment
 */
record SpoolRecovery(ArrayDeque<SpoolSegment> segments, long done, long nextSeq, long nextSegment) {

  private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);

  /** Reads what {@code dir} holds; a damaged record is counted in {@code stats}, never fatal. */
  static SpoolRecovery recover(Path dir, SpoolStats stats) throws IOException {
    List<SpoolSegment> found = new ArrayList<>();
    List<List<SpoolFrame>> requests = new ArrayList<>();
    long done = 0;
    long nextSeq = 0;
    long nextSegment = 0;
    for (SpoolSegment segment : list(dir)) {
      nextSegment = Math.max(nextSegment, segment.id + 1);
      List<SpoolFrame> frames = scan(segment, stats);
      for (SpoolFrame frame : frames) {
        if (frame.isAck()) {
          done = Math.max(done, frame.seq());
        } else {
          nextSeq = Math.max(nextSeq, frame.seq() + 1);
        }
      }
      found.add(segment);
      requests.add(frames);
    }
    ArrayDeque<SpoolSegment> live = new ArrayDeque<>();
    for (int i = 0; i < found.size(); i++) {
      SpoolSegment segment = found.get(i);
      for (SpoolFrame frame : requests.get(i)) {
        if (!frame.isAck() && frame.seq() >= done) {
          segment.add(frame);
        }
      }
      if (segment.requests > 0) {
        live.addLast(segment);
      } else {
        Files.deleteIfExists(segment.path);
      }
    }
    report(dir, live);
    return new SpoolRecovery(live, done, Math.max(nextSeq, done), nextSegment);
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

  /** The intact records of {@code segment}, stopping at the first damaged one (counted). */
  private static List<SpoolFrame> scan(SpoolSegment segment, SpoolStats stats) throws IOException {
    List<SpoolFrame> frames = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      long size = channel.size();
      long offset = 0;
      while (offset < size) {
        SpoolFrame frame = SpoolFrame.read(channel, offset, size);
        if (frame == null) {
          break;
        }
        frames.add(withoutBody(frame));
        offset += frame.size();
      }
      segment.bytes = size;
      segment.end = offset;
      if (offset < size) {
        stats.recordCorrupt();
        log.warn(
            "spool: {} is torn or corrupt at byte {} of {}; its records from there on are skipped",
            segment.path,
            offset,
            size);
      }
    }
    return frames;
  }

  /** Keeps the sequence number and samples; the body is read again when sent. */
  private static SpoolFrame withoutBody(SpoolFrame frame) {
    return frame.isAck() ? frame : new SpoolFrame(frame.seq(), frame.samples(), new byte[1]);
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

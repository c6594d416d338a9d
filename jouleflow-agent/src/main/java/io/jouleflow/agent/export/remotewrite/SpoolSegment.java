package io.jouleflow.agent.export.remotewrite;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One file of the spool, {@code <first sequence number, 20 digits>.seg}: what it holds that is not
 * done with yet, and where its intact records end. Used by the shipper thread only.
 */
final class SpoolSegment {

  static final String SUFFIX = ".seg";

  final long id;
  final Path path;

  /** Bytes in the file. */
  long bytes;

  /** Where its intact records end; a damaged record or a torn tail starts there. */
  long end;

  /** Requests not done with. */
  int requests;

  /** Samples in those requests. */
  long samples;

  /** The sequence number of its last request; -1 while it holds none. */
  long lastSeq = -1;

  /** The sequence number of its first request; {@link Long#MAX_VALUE} while it holds none. */
  long firstSeq = Long.MAX_VALUE;

  SpoolSegment(long id, Path path) {
    this.id = id;
    this.path = path;
  }

  static String fileName(long id) {
    return String.format(Locale.ROOT, "%020d%s", id, SUFFIX);
  }

  /** The id in {@code name}, or -1 when it names no segment. */
  static long idOf(String name) {
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  void add(SpoolFrame frame) {
    if (!frame.isAck()) {
      count(frame.seq(), frame.samples());
    }
  }

  /** Counts a request held, appended after those counted already. */
  void count(long seq, int requestSamples) {
    requests++;
    samples += requestSamples;
    lastSeq = Math.max(lastSeq, seq);
    firstSeq = Math.min(firstSeq, seq);
  }

  /** Forgets what it was counted to hold, before it is counted again. */
  void clearCounts() {
    requests = 0;
    samples = 0;
    lastSeq = -1;
    firstSeq = Long.MAX_VALUE;
  }
}

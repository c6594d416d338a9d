package io.jouleflow.agent.export.remotewrite;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the requests that follow the spool's oldest one, across segments, for one joined request
 * (see {@link Backlog#firsts}). It stops before a damaged record or a segment whose requests are
 * not all intact: {@link Spool#first()} deals with those once they are the oldest.
 */
final class SpoolLookahead {

  /** Reads the record at {@code offset} of {@code segment}; null when it is damaged. */
  interface Reader {
    @Nullable SpoolFrame read(SpoolSegment segment, long offset);
  }

  private final Reader reader;
  private final Function<SpoolFrame, Batch> toBatch;
  private final long done;
  private final int maxSamples;
  private final int maxRawBytes;

  /**
   * @param done the first record number not yet done with
   */
  SpoolLookahead(
      Reader reader,
      Function<SpoolFrame, Batch> toBatch,
      long done,
      int maxSamples,
      int maxRawBytes) {
    this.reader = reader;
    this.toBatch = toBatch;
    this.done = done;
    this.maxSamples = maxSamples;
    this.maxRawBytes = maxRawBytes;
  }

  /**
   * {@code head}, then the requests after it while they fit.
   *
   * @param segments the spool's segments, {@code head}'s first
   * @param offset where the record after {@code head} starts in its segment
   */
  List<Batch> after(Batch head, Iterator<SpoolSegment> segments, long offset) {
    List<Batch> parts = new ArrayList<>(List.of(head));
    long samples = head.samples();
    long raw = BatchJoiner.rawSize(head);
    SpoolSegment segment = segments.next();
    long at = offset;
    int read = 1;
    while (true) {
      if (at >= segment.end) {
        if (read < segment.requests || !segments.hasNext()) {
          return parts;
        }
        segment = segments.next();
        at = 0;
        read = 0;
        continue;
      }
      SpoolFrame frame = reader.read(segment, at);
      if (frame == null) {
        return parts;
      }
      at += frame.size();
      if (frame.isAck() || frame.seq() < done) {
        continue;
      }
      Batch batch = toBatch.apply(frame);
      samples += batch.samples();
      raw += BatchJoiner.rawSize(batch);
      if (samples > maxSamples || raw > maxRawBytes) {
        return parts;
      }
      parts.add(batch);
      read++;
    }
  }
}

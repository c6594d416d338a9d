package io.jouleflow.agent.export.remotewrite;

import io.airlift.compress.v3.snappy.SnappyJavaDecompressor;
import java.util.List;

/**
 * Joins waiting requests into one, so that a backlog (the spool after an outage, or the retry
 * queue) goes out in requests of up to {@code MAX_SAMPLES_PER_SEND} samples, not in as many small
 * requests as were cut. A remote-write 1.0 body is a snappy block of a protobuf {@code
 * WriteRequest} whose only field is {@code repeated TimeSeries timeseries = 1}: two encodings one
 * after the other are one {@code WriteRequest} holding both lists. A series may then appear in
 * several {@code TimeSeries} entries, oldest first; Prometheus and VictoriaMetrics append them in
 * order ({@code JoinedRequestIT} checks it). Used by the shipper thread only.
 */
final class BatchJoiner {

  /** The most uncompressed bytes a joined request carries. */
  static final int MAX_JOINED_BYTES = 4 * 1024 * 1024;

  private static final SnappyJavaDecompressor SNAPPY = new SnappyJavaDecompressor();

  private final SnappyBlock snappy = new SnappyBlock();
  private byte[] raw = new byte[0];

  /**
   * The size of {@code batch}'s request before compression, read from its snappy header; {@link
   * Integer#MAX_VALUE} when the header cannot be read, so that such a batch is never joined.
   */
  static int rawSize(Batch batch) {
    try {
      int size = SNAPPY.getUncompressedLength(batch.body(), 0);
      return size < 0 ? Integer.MAX_VALUE : size;
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }

  /**
   * One request holding every series of {@code parts}, in order; {@code parts} itself when it is a
   * single batch. Whether it may have landed is not carried over: the parts hold that.
   *
   * @throws RuntimeException when a part is not a snappy block (aircompressor's {@code
   *     MalformedInputException})
   */
  Batch join(List<Batch> parts) {
    if (parts.size() == 1) {
      return parts.getFirst();
    }
    int length = 0;
    int samples = 0;
    for (Batch part : parts) {
      length = Math.addExact(length, rawSize(part));
      samples = Math.addExact(samples, part.samples());
    }
    if (raw.length < length) {
      raw = new byte[Math.max(length, raw.length * 2)];
    }
    int at = 0;
    for (Batch part : parts) {
      byte[] body = part.body();
      at += SNAPPY.decompress(body, 0, body.length, raw, at, raw.length - at);
    }
    return new Batch(snappy.compress(raw, at), samples);
  }
}

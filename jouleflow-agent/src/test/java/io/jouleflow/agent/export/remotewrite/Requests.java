package io.jouleflow.agent.export.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import io.airlift.compress.v3.snappy.SnappyDecompressor;
import io.jouleflow.agent.export.remotewrite.proto.Label;
import io.jouleflow.agent.export.remotewrite.proto.Sample;
import io.jouleflow.agent.export.remotewrite.proto.TimeSeries;
import io.jouleflow.agent.export.remotewrite.proto.WriteRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Decoding of request bodies with the generated types, as a receiver does. */
final class Requests {

  private Requests() {}

  /** Snappy-decompresses (block format) and parses a request body. */
  static WriteRequest decode(byte[] body) {
    SnappyDecompressor snappy = SnappyDecompressor.create();
    byte[] raw = new byte[snappy.getUncompressedLength(body, 0)];
    snappy.decompress(body, 0, body.length, raw, 0, raw.length);
    try {
      return WriteRequest.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a WriteRequest", e);
    }
  }

  /** Samples in a request. */
  static int samples(WriteRequest request) {
    return request.getTimeseriesList().stream().mapToInt(TimeSeries::getSamplesCount).sum();
  }

  /** A series' labels as {@code name=value} text, in the order sent. */
  static String key(TimeSeries series) {
    return series.getLabelsList().stream()
        .map(l -> l.getName() + "=" + l.getValue())
        .collect(Collectors.joining(","));
  }

  /** The label names of a series, in the order sent. */
  static List<String> labelNames(TimeSeries series) {
    return series.getLabelsList().stream().map(Label::getName).toList();
  }

  /** Every sample of the requests, by series, in the order sent. */
  static Map<String, List<Sample>> bySeries(List<WriteRequest> requests) {
    Map<String, List<Sample>> all = new LinkedHashMap<>();
    for (WriteRequest request : requests) {
      for (TimeSeries series : request.getTimeseriesList()) {
        all.computeIfAbsent(key(series), k -> new java.util.ArrayList<>())
            .addAll(series.getSamplesList());
      }
    }
    return all;
  }
}

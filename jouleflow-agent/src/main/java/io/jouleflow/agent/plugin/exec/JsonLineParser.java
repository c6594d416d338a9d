package io.jouleflow.agent.plugin.exec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jouleflow.api.Record;
import java.io.IOException;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns one line of an exec plugin's stdout into records, streaming it with Jackson's parser (so
 * that a label given twice is seen, which a map would hide).
 *
 * <p>Record form, passed 1:1: {@code {"metric": "m", "labels": {"k": "v"}, "value": 1.5,
 * "timestamp_ms": 1700000000123}}. Without {@code metric} (or with an empty one) the record gets
 * {@code METRIC_DEFAULT} and, unless its labels carry one, {@code source=SERVICE_LABEL}; without
 * {@code timestamp_ms} it gets the time the line was read.
 *
 * <p>pyJoules form, any line without {@code metric}, {@code labels}, {@code value} or {@code
 * timestamp_ms}: {@code {"timestamp": 1700000000.123, "tag": "t", "duration": 2.0, "package_0":
 * 123456.0, "dram_0": 789.0}}. Every key but {@code timestamp} (seconds), {@code tag} and {@code
 * duration} (seconds, ignored) is a domain in microjoules and gives one record {@code
 * METRIC_DEFAULT{source=SERVICE_LABEL, domain, device, tag}}: a key ending in {@code _<digits>} is
 * split into domain and device ({@code nvidia_gpu_0} gives {@code domain=nvidia_gpu, device=0}),
 * other keys give the domain alone; {@code tag} is left out when absent or empty.
 */
final class JsonLineParser {

  private static final Pattern DEVICE_SUFFIX = Pattern.compile("(.+)_(\\d+)");
  private static final double MAX_SECONDS = 1e13;
  private static final double MAX_MILLIS = 1e16;

  private final JsonFactory json;
  private final String serviceLabel;
  private final String metricDefault;

  /**
   * A parser giving records without a metric {@code metricDefault} and {@code source=serviceLabel}.
   */
  JsonLineParser(JsonFactory json, String serviceLabel, String metricDefault) {
    this.json = json;
    this.serviceLabel = serviceLabel;
    this.metricDefault = metricDefault;
  }

  /** The records of {@code line}, or why it has none; {@code nowMillis} stamps undated ones. */
  ParsedLine parse(String line, long nowMillis) {
    try {
      LineFields fields = readObject(line);
      List<Record> records =
          fields.isRecordForm() ? recordForm(fields, nowMillis) : pyJoulesForm(fields, nowMillis);
      return new ParsedLine.Records(records);
    } catch (BadLineException e) {
      return e.toBad();
    } catch (RuntimeException e) {
      return new ParsedLine.Bad(BadLineReason.NOT_JSON, "unparsable: " + e);
    }
  }

  private LineFields readObject(String line) throws BadLineException {
    try (JsonParser parser = json.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLineException(BadLineReason.NOT_OBJECT, "not a JSON object");
      }
      LineFields fields = new LineFields();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        parser.nextToken();
        fields.claim(key);
        readField(parser, key, fields);
      }
      requireEnd(parser);
      return fields;
    } catch (IOException e) {
      throw new BadLineException(BadLineReason.NOT_JSON, firstLine(e.getMessage()));
    }
  }

  private static void readField(JsonParser parser, String key, LineFields fields)
      throws IOException, BadLineException {
    switch (key) {
      case "metric" -> fields.metric = string(parser, key);
      case "labels" -> fields.labels = labels(parser);
      case "value" -> fields.value = finiteNumber(parser, key);
      case "timestamp_ms" -> fields.timestampMillis = millis(parser);
      case "timestamp" -> fields.pyJoulesMillis = secondsToMillis(parser);
      case "tag" -> fields.tag = string(parser, key);
      case "duration" -> number(parser, key);
      default -> fields.domains.add(new LineFields.Domain(key, domainValue(parser)));
    }
  }

  private static String string(JsonParser parser, String key) throws IOException, BadLineException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new BadLineException(BadLineReason.WRONG_TYPE, "'" + key + "' is not a string");
    }
    return parser.getText();
  }

  private static Map<String, String> labels(JsonParser parser)
      throws IOException, BadLineException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new BadLineException(BadLineReason.WRONG_TYPE, "'labels' is not an object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        throw new BadLineException(
            BadLineReason.LABEL_VALUE_NOT_STRING, "label '" + name + "' is not a string");
      }
      if (labels.put(name, parser.getText()) != null) {
        throw new BadLineException(
            BadLineReason.DUPLICATE_LABEL, "label '" + name + "' appears twice");
      }
    }
    return labels;
  }

  private static double finiteNumber(JsonParser parser, String key)
      throws IOException, BadLineException {
    double value = parser.currentToken().isNumeric() ? parser.getDoubleValue() : Double.NaN;
    if (!Double.isFinite(value)) {
      throw new BadLineException(
          BadLineReason.VALUE_NOT_NUMBER, "'" + key + "' is not a finite number");
    }
    return value;
  }

  private static double number(JsonParser parser, String key) throws IOException, BadLineException {
    if (!parser.currentToken().isNumeric()) {
      throw new BadLineException(BadLineReason.WRONG_TYPE, "'" + key + "' is not a number");
    }
    return parser.getDoubleValue();
  }

  private static long millis(JsonParser parser) throws IOException, BadLineException {
    double millis = number(parser, "timestamp_ms");
    if (!(Math.abs(millis) < MAX_MILLIS)) {
      throw new BadLineException(BadLineReason.WRONG_TYPE, "'timestamp_ms' is out of range");
    }
    return parser.currentToken() == JsonToken.VALUE_NUMBER_INT
        ? parser.getLongValue()
        : Math.round(millis);
  }

  private static long secondsToMillis(JsonParser parser) throws IOException, BadLineException {
    double seconds = number(parser, "timestamp");
    if (!(Math.abs(seconds) < MAX_SECONDS)) {
      throw new BadLineException(BadLineReason.WRONG_TYPE, "'timestamp' is out of range");
    }
    return parser.getDecimalValue().movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValue();
  }

  private static double domainValue(JsonParser parser) throws IOException {
    if (parser.currentToken().isNumeric()) {
      return parser.getDoubleValue();
    }
    parser.skipChildren();
    return Double.NaN;
  }

  private static void requireEnd(JsonParser parser) throws BadLineException {
    JsonToken next;
    try {
      next = parser.nextToken();
    } catch (IOException e) {
      next = JsonToken.NOT_AVAILABLE;
    }
    if (next != null) {
      throw new BadLineException(BadLineReason.TRAILING_DATA, "data after the JSON object");
    }
  }

  private List<Record> recordForm(LineFields fields, long nowMillis) throws BadLineException {
    if (fields.firstPyJoulesKey != null) {
      throw new BadLineException(
          BadLineReason.UNKNOWN_KEY,
          "key '"
              + fields.firstPyJoulesKey
              + "' is not one of metric, labels, value, timestamp_ms");
    }
    Double value = fields.value;
    if (value == null) {
      throw new BadLineException(BadLineReason.MISSING_VALUE, "no 'value'");
    }
    Map<String, String> labels = fields.labels == null ? Map.of() : fields.labels;
    String metric = fields.metric;
    if (metric == null || metric.isEmpty()) {
      metric = metricDefault;
      labels = withSource(labels);
    }
    long timestamp = fields.timestampMillis == null ? nowMillis : fields.timestampMillis;
    return List.of(new Record(metric, labels, value, timestamp));
  }

  private Map<String, String> withSource(Map<String, String> labels) {
    if (labels.containsKey("source")) {
      return labels;
    }
    Map<String, String> withSource = new LinkedHashMap<>(labels);
    withSource.put("source", serviceLabel);
    return withSource;
  }

  private List<Record> pyJoulesForm(LineFields fields, long nowMillis) throws BadLineException {
    if (fields.domains.isEmpty()) {
      throw new BadLineException(BadLineReason.MISSING_VALUE, "no 'value' and no domain");
    }
    long timestamp = fields.pyJoulesMillis == null ? nowMillis : fields.pyJoulesMillis;
    List<Record> records = new ArrayList<>(fields.domains.size());
    for (LineFields.Domain domain : fields.domains) {
      if (!Double.isFinite(domain.microjoules())) {
        throw new BadLineException(
            BadLineReason.VALUE_NOT_NUMBER, "domain '" + domain.key() + "' is not a finite number");
      }
      Map<String, String> labels = domainLabels(domain.key(), fields.tag);
      records.add(new Record(metricDefault, labels, domain.microjoules(), timestamp));
    }
    return records;
  }

  private Map<String, String> domainLabels(String key, @Nullable String tag) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("source", serviceLabel);
    Matcher device = DEVICE_SUFFIX.matcher(key);
    if (device.matches()) {
      labels.put("domain", device.group(1));
      labels.put("device", device.group(2));
    } else {
      labels.put("domain", key);
    }
    if (tag != null && !tag.isEmpty()) {
      labels.put("tag", tag);
    }
    return labels;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "not JSON";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}

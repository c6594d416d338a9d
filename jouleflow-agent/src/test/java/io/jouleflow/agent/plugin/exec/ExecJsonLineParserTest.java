package io.jouleflow.agent.plugin.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.jouleflow.api.Record;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecJsonLineParserTest {

  private static final String METRIC = "pyjoules_remote_write_energy_uj";
  private static final long NOW = 1_800_000_000_000L;

  private final JsonLineParser parser = new JsonLineParser(new JsonFactory(), "exec", METRIC);

  @Test
  void recordFormPassesThrough() {
    assertThat(
            parse(
                "{\"metric\":\"app_energy_uj\",\"labels\":{\"host\":\"a\",\"gpu\":\"1\"},"
                    + "\"value\":1.5,\"timestamp_ms\":1700000000123}"))
        .isEqualTo(
            records(
                new Record(
                    "app_energy_uj", Map.of("host", "a", "gpu", "1"), 1.5, 1_700_000_000_123L)));
  }

  @Test
  void recordWithoutMetricGetsTheDefaultMetricSourceAndNow() {
    assertThat(parse("{\"value\": 42, \"labels\": {\"task\": \"t1\"}}"))
        .isEqualTo(records(new Record(METRIC, Map.of("task", "t1", "source", "exec"), 42, NOW)));
    assertThat(parse("{\"metric\": \"\", \"value\": 1, \"labels\": {\"source\": \"mine\"}}"))
        .isEqualTo(records(new Record(METRIC, Map.of("source", "mine"), 1, NOW)));
  }

  @Test
  void fractionalMillisecondsAreRounded() {
    assertThat(parse("{\"metric\":\"m\",\"value\":0,\"timestamp_ms\":1700000000123.6}"))
        .isEqualTo(records(new Record("m", Map.of(), 0, 1_700_000_000_124L)));
  }

  @Test
  void pyJoulesDictionaryGivesOneRecordPerDomain() {
    assertThat(
            parse(
                "{\"timestamp\": 1700000000.123, \"tag\": \"my-task\", \"duration\": 2.5,"
                    + " \"package_0\": 123456.0, \"dram_0\": 789.0, \"nvidia_gpu_1\": 42.0,"
                    + " \"core\": 5}"))
        .isEqualTo(
            records(
                domain("package", "0", "my-task", 123456.0, 1_700_000_000_123L),
                domain("dram", "0", "my-task", 789.0, 1_700_000_000_123L),
                domain("nvidia_gpu", "1", "my-task", 42.0, 1_700_000_000_123L),
                new Record(
                    METRIC,
                    Map.of("source", "exec", "domain", "core", "tag", "my-task"),
                    5,
                    1_700_000_000_123L)));
  }

  @Test
  void pyJoulesTimestampIsRoundedHalfUpAndOptional() {
    assertThat(parse("{\"timestamp\": 1700000000.1235, \"package_0\": 1}"))
        .isEqualTo(records(domain("package", "0", null, 1, 1_700_000_000_124L)));
    assertThat(parse("{\"timestamp\": 1700000001, \"package_1\": 10}"))
        .isEqualTo(records(domain("package", "1", null, 10, 1_700_000_001_000L)));
    assertThat(parse("{\"package_0\": 1.5, \"tag\": \"\"}"))
        .isEqualTo(records(domain("package", "0", null, 1.5, NOW)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "this is not json                                 | NOT_JSON",
        "{\"metric\":\"m\",\"value\":1                    | NOT_JSON",
        "{\"metric\":\"m\",\"value\":NaN}                 | NOT_JSON",
        "[1,2,3]                                          | NOT_OBJECT",
        "`\"a string\"`                                   | NOT_OBJECT",
        "42                                               | NOT_OBJECT",
        "{\"metric\":\"m\",\"value\":3} trailing          | TRAILING_DATA",
        "{\"metric\":\"m\",\"value\":3}{}                 | TRAILING_DATA",
        "{\"metric\":\"m\",\"value\":5,\"value\":6}       | DUPLICATE_KEY",
        "{\"package_0\":5,\"package_0\":6}                | DUPLICATE_KEY",
        "{\"value\":1,\"tag\":\"x\"}                      | UNKNOWN_KEY",
        "{\"value\":1,\"timestamp\":1700000000}           | UNKNOWN_KEY",
        "{\"metric\":\"m\",\"value\":1,\"extra\":2}       | UNKNOWN_KEY",
        "{\"metric\":5,\"value\":1}                       | WRONG_TYPE",
        "{\"metric\":\"m\",\"labels\":[],\"value\":1}     | WRONG_TYPE",
        "{\"metric\":\"m\",\"value\":1,\"timestamp_ms\":\"1\"} | WRONG_TYPE",
        "{\"metric\":\"m\",\"value\":1,\"timestamp_ms\":1e300} | WRONG_TYPE",
        "{\"timestamp\":\"now\",\"package_0\":1}          | WRONG_TYPE",
        "{\"tag\":7,\"package_0\":1}                      | WRONG_TYPE",
        "{\"metric\":\"m\",\"labels\":{\"a\":\"1\",\"a\":\"2\"},\"value\":2} | DUPLICATE_LABEL",
        "{\"metric\":\"m\",\"labels\":{\"n\":5},\"value\":4} | LABEL_VALUE_NOT_STRING",
        "{\"metric\":\"m\",\"labels\":{\"n\":null},\"value\":4} | LABEL_VALUE_NOT_STRING",
        "{\"metric\":\"m\",\"labels\":{\"a\":\"1\"}}      | MISSING_VALUE",
        "{}                                               | MISSING_VALUE",
        "{\"timestamp\":1700000000,\"tag\":\"t\"}         | MISSING_VALUE",
        "{\"metric\":\"m\",\"value\":\"12.5\"}            | VALUE_NOT_NUMBER",
        "{\"metric\":\"m\",\"value\":null}                | VALUE_NOT_NUMBER",
        "{\"metric\":\"m\",\"value\":1e999}               | VALUE_NOT_NUMBER",
        "{\"timestamp\":1700000000,\"package_0\":\"12\"}  | VALUE_NOT_NUMBER",
        "{\"timestamp\":1700000000,\"package_0\":{\"a\":1}} | VALUE_NOT_NUMBER",
      })
  void badLinesGiveTheirReason(String line, BadLineReason reason) {
    assertThat(parse(line))
        .isInstanceOfSatisfying(
            ParsedLine.Bad.class, bad -> assertThat(bad.reason()).isEqualTo(reason));
  }

  @Test
  void badLineDetailNamesTheKey() {
    assertThat(parse("{\"metric\":\"m\",\"labels\":{\"gpu\":\"0\",\"gpu\":\"1\"},\"value\":1}"))
        .isEqualTo(new ParsedLine.Bad(BadLineReason.DUPLICATE_LABEL, "label 'gpu' appears twice"));
  }

  private ParsedLine parse(String line) {
    return parser.parse(line, NOW);
  }

  private static ParsedLine records(Record... records) {
    return new ParsedLine.Records(List.of(records));
  }

  private static Record domain(
      String domain, String device, @Nullable String tag, double value, long millis) {
    Map<String, String> labels =
        new HashMap<>(Map.of("source", "exec", "domain", domain, "device", device));
    if (tag != null) {
      labels.put("tag", tag);
    }
    return new Record(METRIC, labels, value, millis);
  }
}

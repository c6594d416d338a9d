package io.jouleflow.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jouleflow.api.Record;
import io.jouleflow.api.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DummyProcessorTest {

  private static final long T0 = 1_735_689_600_000L;

  private final DummyProcessor processor = new DummyProcessor("h1");
  private final List<Record> out = new ArrayList<>();

  @Test
  void integratesConstantPowerIntoJoules() {
    process(power(0, 40), power(1000, 40), power(1500, 40));

    assertThat(out).extracting(Record::value).containsExactly(0.0, 40.0, 60.0);
    assertThat(out).extracting(Record::timestampMillis).containsExactly(T0, T0 + 1000, T0 + 1500);
  }

  @Test
  void emitsTheAgentsEnergyCounterWithAHostLabel() {
    process(power(0, 40));

    Record energy = out.getFirst();
    assertThat(energy.metric()).isEqualTo(Series.ENERGY_METRIC);
    assertThat(energy.labels())
        .isEqualTo(Map.of("source", "dummy", "domain", "package", "device", "0", "host", "h1"));
  }

  @Test
  void integratesChangingPowerByTrapezoids() {
    process(power(0, 10), power(2000, 30), power(3000, 20));

    assertThat(out.get(1).value()).isCloseTo(40, within(1e-12));
    assertThat(out.get(2).value()).isCloseTo(65, within(1e-12));
  }

  @Test
  void integratesTheSignalCloseToItsExactEnergy() {
    DummySignal signal = new DummySignal(40, 10, 60_000);
    for (long t = 0; t <= 15_000; t += 100) {
      process(power(t, signal.wattsAt(T0 + t)));
    }

    double exact = 40 * 15 + 10 * 60 / (2 * Math.PI);
    assertThat(out.getLast().value()).isCloseTo(exact, within(1e-3));
  }

  @Test
  void ignoresReadingsNotAfterThePreviousOne() {
    process(power(1000, 40), power(1000, 99), power(500, 99), power(2000, 40));

    assertThat(out).extracting(Record::value).containsExactly(0.0, 40.0);
  }

  @Test
  void passesOtherRecordsThrough() {
    Record other = new Record("something_else", Map.of("a", "b"), 3, T0);

    process(other);

    assertThat(out).containsExactly(other);
  }

  private void process(Record... records) {
    for (Record record : records) {
      processor.process(record, out::add);
    }
  }

  private static Record power(long offsetMillis, double watts) {
    return new Record(DummyCollector.POWER_METRIC, Map.of(), watts, T0 + offsetMillis);
  }
}

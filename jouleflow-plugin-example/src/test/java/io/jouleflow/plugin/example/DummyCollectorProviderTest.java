package io.jouleflow.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jouleflow.api.Collector;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.Record;
import io.jouleflow.api.UnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DummyCollectorProviderTest {

  private final DummyCollectorProvider provider = new DummyCollectorProvider();

  @Test
  void isFoundByTheServiceLoaderAsDummy() {
    assertThat(ServiceLoader.load(CollectorProvider.class).stream())
        .extracting(ServiceLoader.Provider::type)
        .contains(DummyCollectorProvider.class);
    assertThat(provider.name()).isEqualTo("dummy");
    assertThat(provider.description()).isNotBlank().doesNotContain("\n");
    assertThat(provider.settingKeys())
        .containsExactlyInAnyOrder("WATTS", "AMPLITUDE", "PERIOD_S", "INTERVAL_MS", "HOST");
  }

  @Test
  void readsItsOwnSettings() throws Exception {
    DummySettings settings =
        DummySettings.parse(
            Map.of(
                "WATTS", "20", "AMPLITUDE", "5", "PERIOD_S", "2", "INTERVAL_MS", "50", "HOST", "h"),
            1);

    assertThat(settings.signal()).isEqualTo(new DummySignal(20, 5, 2000));
    assertThat(settings.intervalNanos()).isEqualTo(50_000_000L);
    assertThat(settings.host()).isEqualTo("h");
  }

  @Test
  void defaultsToTheAgentsInterval() throws Exception {
    DummySettings settings = DummySettings.parse(Map.of(), 100_000_000L);

    assertThat(settings.signal()).isEqualTo(new DummySignal(40, 10, 60_000));
    assertThat(settings.intervalNanos()).isEqualTo(100_000_000L);
    assertThat(settings.host()).isNotBlank();
  }

  @Test
  void aWrongSettingCannotRunNamingTheSettingAndWhatItAccepts() {
    assertThatThrownBy(() -> provider.open(context(Map.of("WATTS", "lots"))))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("PLUGIN_DUMMY_WATTS is 'lots'; accepted: watts in 0..100000");
    assertThatThrownBy(() -> provider.open(context(Map.of("WATTS", "10", "AMPLITUDE", "11"))))
        .hasMessage("PLUGIN_DUMMY_AMPLITUDE is '11'; accepted: watts in 0..WATTS (10.0)");
    assertThatThrownBy(() -> provider.open(context(Map.of("HOST", " "))))
        .hasMessage("PLUGIN_DUMMY_HOST is ''; accepted: a non-empty host name");
  }

  @Test
  void theCollectorEmitsTheSignalAtItsIntervalUntilInterrupted() throws Exception {
    Collector collector = provider.open(context(Map.of("INTERVAL_MS", "2")));
    List<Record> records = new CopyOnWriteArrayList<>();
    Thread thread =
        Thread.ofPlatform().name("dummy-test-collector").start(() -> run(collector, records));

    await().until(() -> records.size() >= 20);
    thread.interrupt();
    assertThat(thread.join(Duration.ofSeconds(30))).isTrue();

    DummySignal signal = new DummySignal(40, 10, 60_000);
    for (Record record : records) {
      assertThat(record.metric()).isEqualTo(DummyCollector.POWER_METRIC);
      assertThat(record.value()).isEqualTo(signal.wattsAt(record.timestampMillis()));
    }
    assertThat(records).extracting(Record::timestampMillis).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theCollectorNeverEmitsTheSameMillisecondTwice() {
    DummyCollector collector =
        new DummyCollector(new DummySignal(1, 0, 1), 1, InstantSource.fixed(Instant.EPOCH));
    List<Record> records = new CopyOnWriteArrayList<>();

    collector.emitAt(1000, records::add);
    collector.emitAt(1000, records::add);
    collector.emitAt(999, records::add);
    collector.emitAt(1001, records::add);

    assertThat(records).extracting(Record::timestampMillis).containsExactly(1000L, 1001L);
  }

  private static void run(Collector collector, List<Record> records) {
    try {
      collector.run(records::add);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  private static PluginContext context(Map<String, String> own) {
    return new PluginContext() {
      @Override
      public Optional<String> setting(String name) {
        return Optional.empty();
      }

      @Override
      public Map<String, String> ownSettings() {
        return own;
      }

      @Override
      public Path sysfs() {
        return Path.of("/sys");
      }

      @Override
      public Path procfs() {
        return Path.of("/proc");
      }

      @Override
      public long intervalNanos() {
        return 100_000_000L;
      }
    };
  }
}

package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfMetricsTest {

  private final Sampler sampler =
      new Sampler(
          List.of(new NamedSensor("fixed", "test", new FixedSensor())),
          8,
          Duration.ofMillis(100),
          Clock.SYSTEM);
  private final Consumers consumers =
      new Consumers(
          Feed.of(sampler.ring(), sampler.series()), 16, Duration.ofMinutes(10), Clock.SYSTEM);

  @Test
  void reportsPerConsumerScrapesServedAndDropped() {
    Consumer consumer = consumers.get("prom-a");
    consumer.arrived("c", 0);
    consumer.written("c", true, consumer.unread(), 12, 0);

    String text = render();

    assertThat(text)
        .contains("jouleflow_scrapes_total{consumer=\"prom-a\",outcome=\"complete\"} 1\n")
        .contains("jouleflow_scrapes_total{consumer=\"prom-a\",outcome=\"failed\"} 0\n")
        .contains("jouleflow_samples_served_total{consumer=\"prom-a\"} 12\n")
        .contains("jouleflow_samples_dropped_total{consumer=\"prom-a\",reason=\"overrun\"} 0\n")
        .contains("jouleflow_sensor_read_errors_total{sensor=\"fixed\"} 0\n")
        .contains("jouleflow_buffer_capacity_rows 8\n")
        .contains("jouleflow_consumers 1\n")
        .contains("jouleflow_consumers_evicted_total 0\n");
  }

  @Test
  void everySelfMetricIsInTheReadmeMetricsTable() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    for (SelfMetric metric : selfMetrics().collect()) {
      String sampleName =
          metric.type().equals("counter") ? metric.name() + "_total" : metric.name();
      assertThat(readme).as("README documents %s", sampleName).contains("| `" + sampleName + "` |");
    }
    assertThat(readme).contains("| `" + Series.ENERGY_METRIC + "` |");
  }

  private String render() {
    AsciiBuffer out = new AsciiBuffer(256);
    new ExpositionWriter(Feed.of(sampler.ring(), sampler.series()))
        .write(
            ExpositionFormat.TEXT,
            new ScrapeRange(0, 0, 0, 0),
            selfMetrics().collect(),
            new Chunks(),
            out);
    return out.toString();
  }

  private SelfMetrics selfMetrics() {
    return new SelfMetrics(
        SelfMetricSource.of(() -> List.of(SelfMetric.buildInfo("test")), sampler::selfMetrics),
        consumers);
  }

  private static final class FixedSensor implements ScheduledSensor {
    @Override
    public List<Series> series() {
      return List.of(Series.energy("fixed", "package", "0"));
    }

    @Override
    public void read(double[] values) {
      values[0] = 1;
    }

    @Override
    public void close() {}
  }
}

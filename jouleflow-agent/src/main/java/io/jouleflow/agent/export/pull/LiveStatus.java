package io.jouleflow.agent.export.pull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/status}: what the live page shows besides the watts, as JSON, read fresh each
 * time: version, uptime, the sensors and why they were chosen, the series (and which add up to the
 * host's total), the scrapers with their lag and drops, the live streams, and every self-metric
 * (push status, plugin counters, sampler). Also the start of every live stream.
 */
final class LiveStatus implements HttpHandler {

  /**
   * The domains whose sum is the host's power: core and uncore lie inside package, psys holds all.
   */
  static final Set<String> HOST_TOTAL_DOMAINS = Set.of("package", "dram", "gpu");

  /** Loaded with this class, on the live page's first request (see {@link LiveRoutes}). */
  private static final JsonFactory JSON = new JsonFactory();

  private final Feed feed;
  private final AgentSummary summary;
  private final SelfMetricSource selfMetrics;
  private final @Nullable Consumers consumers;
  private final LiveStreams streams;
  private final Clock clock;
  private final long startNanos;

  LiveStatus(
      Feed feed,
      AgentSummary summary,
      SelfMetricSource selfMetrics,
      @Nullable Consumers consumers,
      LiveStreams streams,
      Clock clock,
      long startNanos) {
    this.feed = feed;
    this.summary = summary;
    this.selfMetrics = selfMetrics;
    this.consumers = consumers;
    this.streams = streams;
    this.clock = clock;
    this.startNanos = startNanos;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      Responses.send(exchange, 200, "application/json", json());
    }
  }

  /** The status now. */
  String json() {
    return write(this::writeStatus);
  }

  /** What a stream starts with: the series, and their watts over the last minutes. */
  String hello() {
    String history = LiveHistory.json(feed.rows(), summary.interval());
    return write(
        json -> {
          json.writeStringField("version", summary.version());
          json.writeNumberField("intervalMs", summary.interval().toNanos() / 1e6);
          json.writeNumberField("lifetimeSeconds", LiveEvents.LIFETIME.toSeconds());
          json.writeArrayFieldStart("series");
          for (Series series : feed.columns()) {
            json.writeStartObject();
            json.writeObjectFieldStart("labels");
            series.labels().forEach((name, value) -> writeField(json, name, value));
            json.writeEndObject();
            String domain = series.labels().getOrDefault("domain", "");
            json.writeBooleanField("inHostTotal", HOST_TOTAL_DOMAINS.contains(domain));
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeFieldName("history");
          json.writeRawValue(history);
        });
  }

  private void writeStatus(JsonGenerator json) throws IOException {
    json.writeStringField("version", summary.version());
    json.writeNumberField("uptimeSeconds", (clock.nanoTime() - startNanos) / 1_000_000_000L);
    json.writeNumberField("intervalMs", summary.interval().toNanos() / 1e6);
    json.writeBooleanField("samplesOnMetrics", consumers != null);
    json.writeArrayFieldStart("sources");
    for (AgentSummary.Source source : summary.sources()) {
      json.writeStartObject();
      json.writeStringField("name", source.name());
      json.writeStringField("description", source.description());
      json.writeEndObject();
    }
    json.writeEndArray();
    writeConsumers(json);
    json.writeObjectFieldStart("streams");
    json.writeNumberField("open", streams.open());
    json.writeNumberField("max", streams.max());
    json.writeEndObject();
    writeMetrics(json, selfMetrics.collect());
  }

  private void writeConsumers(JsonGenerator json) throws IOException {
    json.writeArrayFieldStart("consumers");
    if (consumers != null) {
      long end = feed.rows().published() + 1;
      double intervalSeconds = summary.interval().toNanos() / 1e9;
      long now = consumers.nanoTime();
      for (Consumer consumer : consumers.all()) {
        long behind = Math.min(feed.rows().capacity(), Math.max(0, end - consumer.nextRow()));
        json.writeStartObject();
        json.writeStringField("name", consumer.name);
        json.writeNumberField("lagSeconds", behind * intervalSeconds);
        json.writeNumberField("lastSeenSecondsAgo", (now - consumer.lastSeenNanos()) / 1e9);
        json.writeNumberField("scrapes", consumer.completeScrapes());
        json.writeNumberField("failedScrapes", consumer.failedScrapes());
        json.writeNumberField("samplesDropped", consumer.droppedSamples());
        json.writeEndObject();
      }
    }
    json.writeEndArray();
  }

  private static void writeMetrics(JsonGenerator json, List<SelfMetric> metrics)
      throws IOException {
    json.writeArrayFieldStart("metrics");
    for (SelfMetric metric : metrics) {
      for (SelfMetric.Point point : metric.points()) {
        json.writeStartObject();
        json.writeStringField("name", metric.sampleName());
        json.writeObjectFieldStart("labels");
        for (int i = 0; i + 1 < point.labels().size(); i += 2) {
          json.writeStringField(point.labels().get(i), point.labels().get(i + 1));
        }
        json.writeEndObject();
        if (Double.isFinite(point.value())) {
          json.writeNumberField("value", point.value());
        } else {
          json.writeNullField("value");
        }
        json.writeEndObject();
      }
    }
    json.writeEndArray();
  }

  private static void writeField(JsonGenerator json, String name, String value) {
    try {
      json.writeStringField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(Body body) {
    StringWriter text = new StringWriter(1024);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }
}

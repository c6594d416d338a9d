package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.metrics.SelfMetric;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every sample after the consumer's cursor, each with its own timestamp, then
 * the agent's self-metrics, streamed from the buffers in bounded chunks (chunked transfer, gzipped
 * when the scraper accepts it). The consumer is the {@code consumer} query parameter, else the
 * client's IP address.
 */
final class MetricsHandler implements HttpHandler {

  /** The exchange attribute naming the connection (the web server's CONNECTION_ATTRIBUTE). */
  static final String CONNECTION_ATTRIBUTE = "jouleflow.connection";

  private static final Logger log = LoggerFactory.getLogger(MetricsHandler.class);
  static final Pattern CONSUMER_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final String BAD_NAME =
      "consumer must be 1 to 64 of the characters A-Z a-z 0-9 _ . : -\n";

  /** Scrapes written at the same time; more wait for one to end. */
  static final int PARALLEL_SCRAPES = 4;

  private static final Duration SLOT_WAIT = Duration.ofSeconds(10);

  private final Consumers consumers;
  private final ExpositionWriter writer;
  private final SelfMetrics selfMetrics;
  private final ScrapeSlots slots = new ScrapeSlots(PARALLEL_SCRAPES, SLOT_WAIT);

  MetricsHandler(Consumers consumers, ExpositionWriter writer, SelfMetrics selfMetrics) {
    this.consumers = consumers;
    this.writer = writer;
    this.selfMetrics = selfMetrics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        Responses.send(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
        return;
      }
      String name = consumerName(exchange);
      if (name == null) {
        Responses.send(exchange, 400, "text/plain; charset=utf-8", BAD_NAME);
        return;
      }
      Consumer consumer = consumers.get(name);
      synchronized (consumer.lock) {
        serve(exchange, consumer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The connection the request came on, unique over the agent's life: the web server names each
   * connection ({@value #CONNECTION_ATTRIBUTE}); the peer's address and port alone could be reused
   * by a later connection, which must not commit what an earlier one was sent.
   */
  private static String connectionOf(HttpExchange exchange) {
    Object id = exchange.getAttribute(CONNECTION_ATTRIBUTE);
    return id != null ? "#" + id : exchange.getRemoteAddress().toString();
  }

  private void serve(HttpExchange exchange, Consumer consumer)
      throws IOException, InterruptedException {
    String connection = connectionOf(exchange);
    consumer.arrived(connection, consumers.nanoTime());
    ExpositionFormat format =
        ExpositionFormat.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
    exchange.getResponseHeaders().set("Content-Type", format.contentType());
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    ScrapeSlots.Slot slot = slots.acquire();
    if (slot == null) {
      Responses.send(exchange, 503, "text/plain; charset=utf-8", "busy; try again\n");
      return;
    }
    try {
      write(exchange, consumer, connection, format, slot);
    } finally {
      slots.release(slot);
    }
  }

  private void write(
      HttpExchange exchange,
      Consumer consumer,
      String connection,
      ExpositionFormat format,
      ScrapeSlots.Slot slot) {
    ScrapeRange range = consumer.unread();
    List<SelfMetric> self = selfMetrics.collect();
    boolean gzip =
        QualityValues.gzipAccepted(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
    try {
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      exchange.sendResponseHeaders(200, 0); // chunked: the length is not known in advance
      ExpositionWriter.Written written;
      try (OutputStream body = body(exchange, gzip, slot)) {
        slot.buffer.streamTo(body);
        written = writer.write(format, range, self, slot.chunks, slot.buffer);
        slot.buffer.flush();
      }
      consumer.written(connection, closing(exchange), range, written.samples(), written.lost());
    } catch (IOException | UncheckedIOException e) {
      consumer.failed();
      log.debug("scrape by '{}' cut off; its samples will be served again", consumer.name, e);
    }
  }

  private static OutputStream body(HttpExchange exchange, boolean gzip, ScrapeSlots.Slot slot)
      throws IOException {
    OutputStream body = exchange.getResponseBody();
    return gzip ? new GzipStream(body, slot.deflater(), slot.gzipBuffer) : body;
  }

  private static boolean closing(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Connection");
    return exchange.getProtocol().equals("HTTP/1.0")
        || (header != null && header.toLowerCase(Locale.ROOT).contains("close"));
  }

  /**
   * The {@code consumer} query parameter, else the client's address; null when the parameter is not
   * a valid name (so a bad request creates no consumer).
   */
  static @Nullable String consumerName(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("consumer=")) {
          return validName(parameter.substring("consumer=".length()));
        }
      }
    }
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote.getAddress().getHostAddress();
  }

  /** {@code raw} decoded, when it is a valid consumer name; null otherwise. */
  static @Nullable String validName(String raw) {
    if (raw.length() > 3 * 64) {
      return null;
    }
    String value;
    try {
      value = URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null; // a malformed %-escape
    }
    return CONSUMER_NAME.matcher(value).matches() ? value : null;
  }
}

package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.metrics.SelfMetric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every sample after the consumer's cursor, each with its own timestamp, then
 * the agent's self-metrics. The consumer is the {@code consumer} query parameter, else the client's
 * IP address.
 */
final class MetricsHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(MetricsHandler.class);
  private static final Pattern CONSUMER_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final int GZIP_ABOVE_BYTES = 512;

  private final Consumers consumers;
  private final ExpositionWriter writer;
  private final SelfMetrics selfMetrics;

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
        Responses.send(
            exchange,
            400,
            "text/plain; charset=utf-8",
            "consumer must match " + CONSUMER_NAME.pattern() + "\n");
        return;
      }
      Consumer consumer = consumers.get(name);
      synchronized (consumer.lock) {
        serve(exchange, consumer);
      }
    }
  }

  private void serve(HttpExchange exchange, Consumer consumer) {
    String connection = exchange.getRemoteAddress().toString();
    consumer.arrived(connection, consumers.nanoTime());
    ExpositionFormat format =
        ExpositionFormat.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
    consumer.readUnread();
    AsciiBuffer text = consumer.buffer;
    text.clear();
    List<SelfMetric> self = selfMetrics.collect();
    long samples = writer.write(format, consumer.rows, consumer.records, self, text);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    try {
      byte[] body = encode(exchange, text);
      exchange.getResponseHeaders().set("Content-Type", format.contentType());
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
        consumer.written(connection, closing(exchange), samples);
      }
    } catch (IOException e) {
      consumer.failed();
      log.debug("scrape by '{}' cut off; its samples will be served again", consumer.name, e);
    }
  }

  private static byte[] encode(HttpExchange exchange, AsciiBuffer text) throws IOException {
    String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    if (acceptEncoding == null
        || !acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip")
        || text.size() < GZIP_ABOVE_BYTES) {
      return java.util.Arrays.copyOf(text.array(), text.size());
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(text.size() / 6 + 64);
    try (GZIPOutputStream gzip = new FastGzip(compressed)) {
      gzip.write(text.array(), 0, text.size());
    }
    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    return compressed.toByteArray();
  }

  /** Gzip at the fastest level: a scrape is compressed once and read once, often on a LAN. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 8192);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static boolean closing(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Connection");
    return exchange.getProtocol().equals("HTTP/1.0")
        || (header != null && header.toLowerCase(Locale.ROOT).contains("close"));
  }

  private static @Nullable String consumerName(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("consumer=")) {
          String value =
              URLDecoder.decode(parameter.substring("consumer=".length()), StandardCharsets.UTF_8);
          return CONSUMER_NAME.matcher(value).matches() ? value : null;
        }
      }
    }
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote.getAddress().getHostAddress();
  }
}

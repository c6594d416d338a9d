package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.metrics.SelfMetricSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} of an agent that pushes its samples: only the self-metrics, read fresh, so
 * that a pushing agent can be watched. No samples, no consumers.
 */
final class SelfMetricsHandler implements HttpHandler {

  private final SelfMetricSource selfMetrics;

  SelfMetricsHandler(SelfMetricSource selfMetrics) {
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
      ExpositionFormat format =
          ExpositionFormat.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
      Responses.send(exchange, 200, format.contentType(), render(format));
    }
  }

  String render(ExpositionFormat format) {
    boolean openMetrics = format == ExpositionFormat.OPENMETRICS;
    AsciiBuffer text = new AsciiBuffer(4096);
    for (SelfMetric metric : selfMetrics.collect()) {
      MetricFamily.writeSelf(openMetrics, metric, text);
    }
    if (openMetrics) {
      text.append("# EOF\n");
    }
    return new String(text.array(), 0, text.size(), StandardCharsets.UTF_8);
  }
}

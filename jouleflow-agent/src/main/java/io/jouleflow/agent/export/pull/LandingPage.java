package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** {@code GET /}: what the agent measures, the current power of each series, and links. */
final class LandingPage implements HttpHandler {

  private static final long WINDOW_MILLIS = 1000;

  private final Feed feed;
  private final AgentSummary summary;
  private final boolean samplesOnMetrics;

  LandingPage(Feed feed, AgentSummary summary, boolean samplesOnMetrics) {
    this.feed = feed;
    this.summary = summary;
    this.samplesOnMetrics = samplesOnMetrics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/")) {
        Responses.send(exchange, 404, "text/plain; charset=utf-8", "not found; see /\n");
        return;
      }
      Responses.send(exchange, 200, "text/html; charset=utf-8", render());
    }
  }

  String render() {
    StringBuilder html = new StringBuilder(2048);
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>jouleflow</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 12px;")
        .append("text-align:left}td.w{text-align:right}</style></head><body>")
        .append("<h1>jouleflow ")
        .append(escape(summary.version()))
        .append("</h1><h2>Sensors</h2><ul>");
    for (AgentSummary.Source sensor : summary.sources()) {
      html.append("<li><b>")
          .append(escape(sensor.name()))
          .append("</b>: ")
          .append(escape(sensor.description()))
          .append("</li>");
    }
    html.append("</ul><p>Sampling every ")
        .append(summary.interval().toNanos() / 1e6)
        .append(" ms.</p><h2>Power now</h2><table><tr><th>source</th><th>domain</th>")
        .append("<th>device</th><th>watts</th></tr>");
    appendPower(html);
    html.append("</table><h2>Endpoints</h2><ul>")
        .append("<li><a href=\"metrics\">/metrics</a> (")
        .append(
            samplesOnMetrics
                ? "every buffered sample since this consumer's last scrape; name a consumer with"
                    + " ?consumer=NAME"
                : "the agent's own metrics; the samples are pushed by remote write")
        .append(")</li>")
        .append("<li><a href=\"-/healthy\">/-/healthy</a></li>")
        .append("<li><a href=\"-/ready\">/-/ready</a></li></ul></body></html>\n");
    return html.toString();
  }

  private void appendPower(StringBuilder html) {
    long intervalMillis = Math.max(1, summary.interval().toMillis());
    int rows = (int) Math.min(feed.rows().capacity(), WINDOW_MILLIS / intervalMillis + 1);
    RowBatch batch = feed.rows().copyLatest(Math.max(2, rows), new RowBatch());
    List<Series> series = feed.columns();
    for (int column = 0; column < series.size(); column++) {
      Series one = series.get(column);
      html.append("<tr><td>")
          .append(escape(one.labels().getOrDefault("source", "")))
          .append("</td><td>")
          .append(escape(one.labels().getOrDefault("domain", "")))
          .append("</td><td>")
          .append(escape(one.labels().getOrDefault("device", "")))
          .append("</td><td class=\"w\">")
          .append(watts(batch, column))
          .append("</td></tr>");
    }
  }

  private static String watts(RowBatch batch, int column) {
    int first = -1;
    int last = -1;
    for (int row = 0; row < batch.size(); row++) {
      if (!Double.isNaN(batch.value(row, column))) {
        first = first < 0 ? row : first;
        last = row;
      }
    }
    if (first < 0 || last == first) {
      return "–";
    }
    double joules = batch.value(last, column) - batch.value(first, column);
    double seconds = (batch.timestampMillis(last) - batch.timestampMillis(first)) / 1000.0;
    return seconds <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", joules / seconds);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

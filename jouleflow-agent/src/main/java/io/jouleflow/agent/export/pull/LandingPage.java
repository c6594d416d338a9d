package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jouleflow.agent.buffer.Feed;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.metrics.AgentSummary;
import io.jouleflow.api.Series;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /}: the live page. Rendered here with what the agent knows at once (sensors and why,
 * the power of each series over the last second, links), so it reads without scripts; {@code
 * static/live.js} then keeps it live from {@code /api/live} and {@code /api/status}.
 */
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
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\"><title>jouleflow</title>")
        .append("<link rel=\"stylesheet\" href=\"static/live.css\"></head><body><header><h1>")
        .append("jouleflow ")
        .append(escape(summary.version()))
        .append("</h1><span id=\"state\" class=\"state\">not live</span>")
        .append("<span>up <b id=\"uptime\">–</b></span><span>sampling every ")
        .append(
            BigDecimal.valueOf(summary.interval().toNanos(), 6)
                .stripTrailingZeros()
                .toPlainString())
        .append(" ms</span></header><main><section><h2>Power now</h2>")
        .append("<p class=\"total\">host total <b id=\"total\">–</b> W</p>")
        .append("<table id=\"power\"><tr><th></th><th>source</th><th>domain</th>")
        .append("<th>device</th><th>watts</th></tr>");
    appendPower(html);
    html.append("</table></section><section><h2>Sensors</h2><ul>");
    for (AgentSummary.Source sensor : summary.sources()) {
      html.append("<li><b>")
          .append(escape(sensor.name()))
          .append("</b>: ")
          .append(escape(sensor.description()))
          .append("</li>");
    }
    html.append("</ul></section><section class=\"wide\"><h2>Last minutes</h2>")
        .append("<canvas id=\"chart\" data-points=\"0\"></canvas></section>")
        .append("<section id=\"scrapers\"><h2>Scrapers</h2>")
        .append("<table id=\"consumers\"></table></section>")
        .append("<section id=\"push\" hidden><h2>Push</h2><table id=\"pushes\"></table>")
        .append("</section><section id=\"plugins\" hidden><h2>Plugins</h2>")
        .append("<table id=\"pluginTable\"></table></section>")
        .append("<section><h2>Endpoints</h2><ul>")
        .append("<li><a href=\"metrics\">/metrics</a> (")
        .append(
            samplesOnMetrics
                ? "every buffered sample since this consumer's last scrape; name a consumer with"
                    + " ?consumer=NAME"
                : "the agent's own metrics; the samples are pushed by remote write")
        .append(")</li>")
        .append("<li><a href=\"api/status\">/api/status</a> (this page's figures, JSON)</li>")
        .append("<li>/api/live (this page's stream of watts, server-sent events; at most ")
        .append(LiveStreams.MAX_STREAMS)
        .append(" open)</li>")
        .append("<li><a href=\"-/healthy\">/-/healthy</a></li>")
        .append("<li><a href=\"-/ready\">/-/ready</a></li></ul>")
        .append("<p id=\"streams\"></p></section></main>")
        .append("<script src=\"static/live.js\"></script></body></html>\n");
    return html.toString();
  }

  private void appendPower(StringBuilder html) {
    long intervalMillis = Math.max(1, summary.interval().toMillis());
    int rows = (int) Math.min(feed.rows().capacity(), WINDOW_MILLIS / intervalMillis + 1);
    RowBatch batch = feed.rows().copyLatest(Math.max(2, rows), new RowBatch());
    LiveWatts watts = new LiveWatts(feed.rows().width(), summary.interval());
    for (int row = 0; row < batch.size(); row++) {
      watts.observe(batch, row);
    }
    List<Series> series = feed.columns();
    for (int column = 0; column < series.size(); column++) {
      Series one = series.get(column);
      html.append("<tr data-series=\"")
          .append(column)
          .append("\"><td class=\"swatch\"></td><td>")
          .append(escape(one.labels().getOrDefault("source", "")))
          .append("</td><td>")
          .append(escape(one.labels().getOrDefault("domain", "")))
          .append("</td><td>")
          .append(escape(one.labels().getOrDefault("device", "")))
          .append("</td><td class=\"n\">")
          .append(format(watts.watts(column)))
          .append("</td></tr>");
    }
  }

  private static String format(double watts) {
    return Double.isNaN(watts) ? "–" : String.format(Locale.ROOT, "%.2f", watts);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

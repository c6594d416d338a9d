package io.jouleflow.agent.export.pull;

import org.jspecify.annotations.Nullable;

/** The two text formats Prometheus scrapes, chosen by the request's {@code Accept} header. */
enum ExpositionFormat {
  /** OpenMetrics 1.0: timestamps in seconds, counters typed by family name, ends with EOF. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
  /** Prometheus text 0.0.4: timestamps in integer milliseconds. */
  TEXT("text/plain; version=0.0.4; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /**
   * OpenMetrics when the scraper accepts it at least as much as plain text (Prometheus asks for it
   * first), text otherwise: also when {@code accept} is missing, empty or garbage.
   */
  static ExpositionFormat negotiate(@Nullable String accept) {
    double openMetrics = QualityValues.of(accept, "application/openmetrics-text");
    double text =
        Math.max(
            QualityValues.of(accept, "text/plain"),
            Math.max(QualityValues.of(accept, "text/*"), QualityValues.of(accept, "*/*")));
    return openMetrics > 0 && openMetrics >= text ? OPENMETRICS : TEXT;
  }
}

package io.jouleflow.agent.export.pull;

import java.util.Locale;
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

  /** OpenMetrics when the scraper accepts it (Prometheus asks for it first), text otherwise. */
  static ExpositionFormat negotiate(@Nullable String accept) {
    if (accept == null) {
      return TEXT;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (parts[0].strip().toLowerCase(Locale.ROOT).equals("application/openmetrics-text")
          && !refused(parts)) {
        return OPENMETRICS;
      }
    }
    return TEXT;
  }

  private static boolean refused(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].strip().replace(" ", "");
      if (parameter.equals("q=0") || parameter.matches("q=0\\.0*")) {
        return true;
      }
    }
    return false;
  }
}

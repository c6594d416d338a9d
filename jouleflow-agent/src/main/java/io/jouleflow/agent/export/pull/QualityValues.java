package io.jouleflow.agent.export.pull;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The quality values of an {@code Accept} or {@code Accept-Encoding} header, read tolerantly: empty
 * elements, missing or malformed parameters and garbage are skipped, never an error, so that any
 * request gets an answer in some format. An element's quality is its {@code q} parameter (0..1,
 * default 1); a malformed {@code q} makes the element count as not offered.
 */
final class QualityValues {

  /** What {@link #of} returns for a value the header does not name. */
  static final double ABSENT = -1;

  private QualityValues() {}

  /**
   * The highest quality {@code header} gives to {@code token} (case-insensitive, e.g. {@code gzip}
   * or {@code application/openmetrics-text}), or {@link #ABSENT} when it does not name it.
   */
  static double of(@Nullable String header, String token) {
    if (header == null) {
      return ABSENT;
    }
    double best = ABSENT;
    for (String element : header.split(",", -1)) {
      String[] parts = element.split(";", -1);
      if (parts[0].strip().toLowerCase(Locale.ROOT).equals(token)) {
        best = Math.max(best, quality(parts));
      }
    }
    return best;
  }

  /** The {@code q} of an element's parameters: 1 when absent, 0 when malformed. */
  private static double quality(String[] parts) {
    double quality = 1;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      int equals = parameter.indexOf('=');
      if (equals < 0 || !parameter.substring(0, equals).strip().equals("q")) {
        continue;
      }
      String value = parameter.substring(equals + 1).strip();
      if (!value.matches("[01](\\.[0-9]{0,3})?")) {
        return 0;
      }
      quality = Math.min(1, Double.parseDouble(value));
    }
    return quality;
  }

  /**
   * Whether a response may be gzipped for {@code acceptEncoding}: gzip (or {@code *}) is offered
   * with a quality above 0 and at least that of an explicitly listed {@code identity}.
   */
  static boolean gzipAccepted(@Nullable String acceptEncoding) {
    double gzip = Math.max(of(acceptEncoding, "gzip"), of(acceptEncoding, "x-gzip"));
    if (gzip == ABSENT) {
      gzip = of(acceptEncoding, "*");
    }
    double identity = of(acceptEncoding, "identity");
    return gzip > 0 && gzip >= identity;
  }
}

package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualityValuesTest {

  @Test
  void anyAcceptHeaderGetsAFormat() {
    assertThat(ExpositionFormat.negotiate("text/plain,;")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate(";;,,;")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("\u0000garbage=;q")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text;q=abc"))
        .isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text;;version=1.0.0,;"))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @Test
  void theFormatWithTheHigherQualityWins() {
    String prometheus3 =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    assertThat(ExpositionFormat.negotiate(prometheus3)).isEqualTo(ExpositionFormat.OPENMETRICS);
    assertThat(
            ExpositionFormat.negotiate(
                "text/plain;version=0.0.4,application/openmetrics-text;q=0.5"))
        .isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("*/*")).isEqualTo(ExpositionFormat.TEXT);
  }

  @Test
  void gzipOnlyWhenOfferedWithAQualityAboveZero() {
    assertThat(QualityValues.gzipAccepted("gzip")).isTrue();
    assertThat(QualityValues.gzipAccepted("GZIP, deflate")).isTrue();
    assertThat(QualityValues.gzipAccepted("gzip;q=0")).isFalse();
    assertThat(QualityValues.gzipAccepted("gzip; q=0.000")).isFalse();
    assertThat(QualityValues.gzipAccepted("gzip;q=0.5, identity;q=1")).isFalse();
    assertThat(QualityValues.gzipAccepted("identity")).isFalse();
    assertThat(QualityValues.gzipAccepted("*")).isTrue();
    assertThat(QualityValues.gzipAccepted("*;q=0")).isFalse();
    assertThat(QualityValues.gzipAccepted("gzip;q=0, *")).isFalse();
    assertThat(QualityValues.gzipAccepted(null)).isFalse();
    assertThat(QualityValues.gzipAccepted(",;gzip")).isFalse();
  }
}

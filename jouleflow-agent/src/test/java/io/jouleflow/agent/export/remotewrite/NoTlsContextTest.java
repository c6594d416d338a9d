package io.jouleflow.agent.export.remotewrite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoTlsContextTest {

  @Test
  void tlsAskedOfAPlainHttpClientFailsSayingSo() {
    assertThatThrownBy(() -> NoTlsContext.INSTANCE.createSSLEngine("example.org", 443))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("remote write: TLS asked of a plain http client");
    assertThatThrownBy(NoTlsContext.INSTANCE::getSocketFactory)
        .isInstanceOf(IllegalStateException.class);
  }
}

package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactedUrlTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://prometheus:9090/api/v1/write|http://prometheus:9090/api/v1/write",
        "https://u:p@mimir/push|https://<secret>@mimir/push",
        "https://u:p@ss@mimir/push|https://<secret>@mimir/push",
        "http://vm/api/v1/write?extra_label=a&token=t|http://vm/api/v1/write?extra_label=<secret>&token=<secret>",
        "http://vm/write?secret-token|http://vm/write?<secret>",
        "http://vm/a@b?x=1#frag|http://vm/a@b?x=<secret>#<secret>",
        "user:pw@host:1/x?k=v|<secret>@host:1/x?k=<secret>",
        "not a url|not a url"
      })
  void showsNoUserInformationQueryValueOrFragment(String url, String shown) {
    assertThat(RedactedUrl.of(url)).isEqualTo(shown);
  }
}

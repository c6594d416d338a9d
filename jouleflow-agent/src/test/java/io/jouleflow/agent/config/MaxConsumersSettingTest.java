package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxConsumersSettingTest {

  @Test
  void defaultsToSixteenAndAcceptsOneToTenThousand() throws Exception {
    assertThat(SettingsLoader.load(Map.of(), Map.of()).maxConsumers()).isEqualTo(16);
    assertThat(SettingsLoader.load(Map.of("MAX_CONSUMERS", "1"), Map.of()).maxConsumers())
        .isEqualTo(1);
    assertThat(SettingsLoader.load(Map.of(), Map.of(Setting.MAX_CONSUMERS, "10000")).maxConsumers())
        .isEqualTo(10000);
  }

  @Test
  void anythingElseIsOneLineNamingTheSetting() {
    for (String bad : new String[] {"0", "10001", "-1", "many"}) {
      assertThatThrownBy(() -> SettingsLoader.load(Map.of("MAX_CONSUMERS", bad), Map.of()))
          .isInstanceOf(SettingsException.class)
          .hasMessage(
              "MAX_CONSUMERS (from environment) is '"
                  + bad
                  + "'; accepted: an integer in 1..10000");
    }
  }
}

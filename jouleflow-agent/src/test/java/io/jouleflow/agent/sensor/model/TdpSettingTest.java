package io.jouleflow.agent.sensor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sensor.SettingValueException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TDP_WATTS}: the model's own setting, parsed by the model only. */
class TdpSettingTest {

  @TempDir Path procfs;

  private final ModelSensorProvider provider = new ModelSensorProvider(Clock.SYSTEM);

  @Test
  void aTdpSettingOutsideOneToFiveThousandWattsIsAWrongSettingNotAMissingSensor() {
    for (String wrong : List.of("0.5", "5000.5", "1e9", "NaN", "lots")) {
      FakeContext context = new FakeContext(procfs, Map.of("TDP_WATTS", wrong));

      assertThatThrownBy(() -> provider.open(context))
          .isInstanceOf(SettingValueException.class)
          .hasMessage("TDP_WATTS must be watts in 1..5000, got '" + wrong + "'");
    }
  }

  @Test
  void theTdpSettingIsTheModelsAndAcceptsWhatTheModelParses() {
    Setting setting = Setting.valueOf(Tdp.SETTING);

    assertThat(setting.owner()).contains(provider.name());
    assertThat(setting.accepted()).endsWith(" or " + Tdp.ACCEPTED);
  }
}

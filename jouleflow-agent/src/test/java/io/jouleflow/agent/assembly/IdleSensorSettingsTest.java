package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.config.SettingsLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdleSensorSettingsTest {

  @Test
  void namesASensorSettingGivenAValueWhileItsSensorDoesNotRun() throws Exception {
    Settings settings =
        SettingsLoader.load(
            Map.of("SENSORS", "auto", "TDP_WATTS", "65", "NVML_INTERVAL_SECONDS", "0.5"), Map.of());

    assertThat(IdleSensorSettings.find(settings, List.of("rapl")))
        .containsExactly(
            "TDP_WATTS is set but the model sensor does not run (SENSORS=auto); it has no effect",
            "NVML_INTERVAL_SECONDS is set but the nvml sensor does not run (SENSORS=auto); it has"
                + " no effect");
    assertThat(IdleSensorSettings.find(settings, List.of("model", "nvml"))).isEmpty();
  }

  @Test
  void aSettingLeftAtItsDefaultIsNoComplaint() throws Exception {
    Settings settings = SettingsLoader.load(Map.of("MSR_PATH", "/dev/cpu"), Map.of());

    assertThat(IdleSensorSettings.find(settings, List.of("rapl"))).isEmpty();
  }
}

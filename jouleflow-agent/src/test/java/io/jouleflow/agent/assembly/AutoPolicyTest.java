package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.api.UnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AutoPolicyTest {

  private final List<String> attempts = new CopyOnWriteArrayList<>();

  @Test
  void ordersAutosSourcesFirstThenTheOthersByName() {
    assertThat(AutoPolicy.order(List.of("zeta", "nvml", "model", "alpha", "rapl", "msr")))
        .containsExactly("rapl", "msr", "model", "nvml", "alpha", "zeta");
  }

  @Test
  void takesTheFirstCpuSourceThatOpensThenEveryExtra() {
    AutoPolicy.Choice<String> choice =
        AutoPolicy.choose(
            Set.of("rapl", "model", "nvml", "other")::contains, opening(Set.of("model", "nvml")));

    assertThat(choice.all()).containsExactly("model", "nvml");
    assertThat(choice.passedOver()).containsExactly("no rapl: no rapl here");
    assertThat(attempts).containsExactly("rapl", "model", "nvml");
  }

  @Test
  void anExtraThatCannotRunIsLeftOutWithItsReason() {
    AutoPolicy.Choice<String> choice =
        AutoPolicy.choose(Set.of("rapl", "nvml")::contains, opening(Set.of("rapl")));

    assertThat(choice.all()).containsExactly("rapl");
    assertThat(choice.passedOver()).isEmpty();
    assertThat(choice.extrasNotUsed()).isEqualTo(Map.of("nvml", "no nvml here"));
  }

  @Test
  void withoutACpuSourceAutoRunsNothingAndTriesNoExtra() {
    AutoPolicy.Choice<String> choice =
        AutoPolicy.choose(
            Set.of("rapl", "msr", "model", "nvml")::contains, opening(Set.of("nvml")));

    assertThat(choice.cpu()).isEmpty();
    assertThat(choice.all()).isEmpty();
    assertThat(choice.passedOver())
        .containsExactly("no rapl: no rapl here", "no msr: no msr here", "no model: no model here");
    assertThat(attempts).containsExactly("rapl", "msr", "model");
  }

  @Test
  void theSensorsListingNamesWhatAutoRuns() {
    List<SensorProbe> probes =
        List.of(
            new SensorProbe("rapl", false, "no powercap", List.of()),
            new SensorProbe("msr", true, "msr", List.of()),
            new SensorProbe("model", true, "estimate", List.of()),
            new SensorProbe("nvml", true, "gpus", List.of()),
            new SensorProbe("jarsensor", true, "plugin", List.of()));

    assertThat(SensorProbe.autoChoice(probes)).containsExactly("msr", "nvml");
    assertThat(SensorProbe.autoChoice(probes.subList(0, 1))).isEmpty();
  }

  private AutoPolicy.Attempt<String> opening(Set<String> available) {
    return name -> {
      attempts.add(name);
      if (!available.contains(name)) {
        throw new UnavailableException("no " + name + " here");
      }
      return name;
    };
  }
}

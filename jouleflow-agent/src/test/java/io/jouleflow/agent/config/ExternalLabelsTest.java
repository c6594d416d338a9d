package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code EXTERNAL_LABELS}: this host's name by default, sorted pairs, empty for none. */
class ExternalLabelsTest {

  private static final String ACCEPTED =
      "accepted: empty (none) or name=value pairs separated by commas; <hostname> in a value is"
          + " this host's name";

  @Test
  void byDefaultTheInstanceIsThisHostsName() throws Exception {
    assertThat(HostName.read()).isNotEmpty();
    assertThat(SettingsLoader.load(Map.of(), Map.of()).push().externalLabels())
        .containsExactly(Map.entry("instance", HostName.read()));
    assertThat(labels("default", "node-7")).containsExactly(Map.entry("instance", "node-7"));
  }

  @Test
  void emptyMeansNone() throws Exception {
    assertThat(SettingsLoader.load(Map.of("EXTERNAL_LABELS", ""), Map.of()).push().externalLabels())
        .isEmpty();
  }

  @Test
  void pairsAreSortedByNameAndTheHostNameCanBePartOfAValue() throws Exception {
    assertThat(labels("zone = b, instance=<hostname>:9092 ,dc=eu-1", "node-7"))
        .containsExactly(
            Map.entry("dc", "eu-1"), Map.entry("instance", "node-7:9092"), Map.entry("zone", "b"));
  }

  @Test
  void wrongPairsAreNamed() {
    assertRefused("__tenant=a", "'__tenant' is not a label name, or starts with __");
    assertRefused("1dc=a", "'1dc' is not a label name, or starts with __");
    assertRefused("dc", "label dc has no value");
    assertRefused("dc=", "label dc has no value");
    assertRefused("dc=a,", "'' is not a label name, or starts with __");
    assertRefused("dc=a,dc=b", "label dc is given twice");
  }

  @Test
  void anUnreadableHostNameIsAnErrorOnlyWhereItIsAskedFor() throws Exception {
    assertThatThrownBy(() -> labels("instance=<hostname>", ""))
        .hasMessage(
            "EXTERNAL_LABELS (from environment) is 'instance=<hostname>'; "
                + ACCEPTED
                + "; here this host's name cannot be read; write it out, e.g."
                + " instance=node-1, or set EXTERNAL_LABELS empty for none");
    assertThat(labels("instance=node-1", "")).containsExactly(Map.entry("instance", "node-1"));
    Values pulling =
        new Values(
            Map.of(Setting.EXTERNAL_LABELS, "instance=<hostname>", Setting.EXPORT_MODE, "pull"),
            Map.of());
    assertThat(new ExternalLabels(pulling, () -> "").assemble())
        .as("nothing is pushed, so nothing stops the agent")
        .isNotEmpty();
  }

  private static void assertRefused(String text, String why) {
    assertThatThrownBy(() -> labels(text, "node-7"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "EXTERNAL_LABELS (from environment) is '" + text + "'; " + ACCEPTED + "; here " + why);
  }

  /** The labels of {@code text} ({@code default}: the default), with {@code host} as its name. */
  private static Map<String, String> labels(String text, String host) throws SettingsException {
    boolean byDefault = text.equals("default");
    Values values =
        new Values(
            Map.of(
                Setting.EXTERNAL_LABELS, byDefault ? Setting.EXTERNAL_LABELS.defaultValue() : text),
            byDefault ? Map.of() : Map.of(Setting.EXTERNAL_LABELS, "environment"));
    return new ExternalLabels(values, () -> host).assemble();
  }
}

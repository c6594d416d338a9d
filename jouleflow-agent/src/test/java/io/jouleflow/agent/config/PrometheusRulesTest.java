package io.jouleflow.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/prometheus/rules.yml} passes {@code promtool check rules} and its unit tests
 * ({@code promtool test rules}), every alert has a test in which it fires, and every metric the
 * rules read is in the README's metrics table (GrafanaDashboardIT checks that the agent exposes
 * each: a misspelt name would pass promtool's tests, whose input series are written by hand).
 */
class PrometheusRulesTest {

  private static final Path RULES = Path.of("../deploy/prometheus/rules.yml");
  private static final Path TESTS = Path.of("../deploy/prometheus/rules.test.yml");
  private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)$");
  private static final Pattern FIRING_TEST =
      Pattern.compile("(?m)^\\s*alertname: (\\w+)\\n\\s*exp_alerts:\\n\\s*- exp_labels:");
  private static final Pattern METRIC = Pattern.compile("(?<![:\\w])jouleflow_[a-z_]+(?![:\\w])");

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 13 rules found");
  }

  @Test
  void rulesPassTheirPromtoolUnitTests() throws Exception {
    assertThat(promtool("test", "rules", TESTS.toString())).contains("SUCCESS");
  }

  @Test
  void everyAlertHasATestWhereItFires() throws Exception {
    Set<String> alerts = matches(ALERT, Files.readString(RULES));
    Set<String> firing = matches(FIRING_TEST, Files.readString(TESTS));
    assertThat(alerts)
        .contains("JouleflowDown", "JouleflowSamplesDropped", "JouleflowRemoteWriteStalled")
        .hasSize(9);
    assertThat(firing).containsAll(alerts);
  }

  @Test
  void everyMetricTheRulesReadIsInTheReadmesMetricsTable() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Set<String> metrics = matches(METRIC, Files.readString(RULES));
    assertThat(metrics).contains("jouleflow_energy_joules_total", "jouleflow_spool_requests");
    for (String metric : metrics) {
      assertThat(readme)
          .as("README metrics table row for %s", metric)
          .contains("| `" + metric + "`");
    }
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.groupCount() == 0 ? matcher.group() : matcher.group(1));
    }
    return found;
  }

  /** Runs promtool; fails the test with its output unless it exits 0. */
  private static String promtool(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = PrometheusConfigCheckTest.promtool().toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool %s ended", args[0]).isTrue();
    assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
    return output;
  }
}

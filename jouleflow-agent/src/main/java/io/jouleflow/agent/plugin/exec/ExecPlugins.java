package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.config.PluginSettings;
import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.plugin.CollectorPlugin;
import io.jouleflow.agent.plugin.PluginProbe;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Processor;
import io.jouleflow.api.UnavailableException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exec plugins the settings ask for ({@code EXEC_COMMAND}, {@code EXEC_COMMAND_<NAME>}), as
 * collector plugins like any other: the pipeline runs, restarts and closes them. Their programs are
 * checked when opened and started only by the pipeline. Keeps their collectors for the exec
 * self-metrics.
 */
public final class ExecPlugins {

  private static final Logger log = LoggerFactory.getLogger(ExecPlugins.class);

  private final List<ExecCollector> execs;

  private ExecPlugins(List<ExecCollector> execs) {
    this.execs = List.copyOf(execs);
  }

  /**
   * One exec plugin per entry of {@link PluginSettings#execCommands()}; their programs are told the
   * agent's {@code interval} and queue size ({@link #programSettings}).
   *
   * @throws UnavailableException with one line naming the command whose program cannot be run
   */
  public static ExecPlugins open(PluginSettings settings, Duration interval, Clock clock)
      throws UnavailableException {
    Map<String, String> told = programSettings(settings, interval);
    List<ExecCollector> execs = new ArrayList<>();
    try {
      for (Map.Entry<String, List<String>> exec : settings.execCommands().entrySet()) {
        execs.add(ExecCollector.create(exec.getKey(), exec.getValue(), settings, told, clock));
      }
    } catch (UnavailableException e) {
      execs.forEach(ExecCollector::close);
      throw e;
    }
    if (!execs.isEmpty() && !ProcessGroup.supported()) {
      log.warn(
          "exec plugins: no setsid on PATH (util-linux): their programs run in the agent's process"
              + " group, and children they fork may outlive the agent");
    }
    return new ExecPlugins(execs);
  }

  /**
   * The agent's settings an exec program reads from its environment (the monitor adapter does), as
   * the agent uses them, whether they came from the environment, {@code CONFIG_FILE} or a flag:
   * {@code SCRAPE_INTERVAL_SECONDS} (the sampling interval, also when set as {@code
   * SCRAPE_INTERVAL_S}) and {@code RAW_QUEUE_SIZE}. They are set over what the program inherits.
   */
  static Map<String, String> programSettings(PluginSettings settings, Duration interval) {
    BigDecimal seconds =
        BigDecimal.valueOf(interval.toNanos()).movePointLeft(9).stripTrailingZeros();
    return Map.of(
        Setting.SCRAPE_INTERVAL_SECONDS.name(),
        seconds.toPlainString(),
        Setting.RAW_QUEUE_SIZE.name(),
        Integer.toString(settings.rawQueueSize()));
  }

  /**
   * Whether each exec program of {@code settings} can be run here (found and executable), by plugin
   * name; nothing is started.
   */
  public static List<PluginProbe> probe(PluginSettings settings) {
    List<PluginProbe> probes = new ArrayList<>();
    for (Map.Entry<String, List<String>> exec : new TreeMap<>(settings.execCommands()).entrySet()) {
      try {
        ExecCommand command =
            ExecCommand.resolve(exec.getKey(), exec.getValue(), System.getenv("PATH"));
        probes.add(
            new PluginProbe(exec.getKey(), PluginProbe.Status.AVAILABLE, command.description()));
      } catch (UnavailableException e) {
        probes.add(
            new PluginProbe(
                exec.getKey(), PluginProbe.Status.UNAVAILABLE, String.valueOf(e.getMessage())));
      }
    }
    return probes;
  }

  /** The plugins for the pipeline, which owns their collectors from then on. */
  public List<CollectorPlugin> plugins() {
    return execs.stream()
        .map(
            exec ->
                new CollectorPlugin(
                    exec.pluginName(), exec.description(), exec, Processor.IDENTITY))
        .toList();
  }

  /**
   * The exec programs' self-metrics, none without exec plugins: {@code
   * jouleflow_exec_lines{plugin}}, {@code jouleflow_exec_bad_lines{plugin,reason}}, {@code
   * jouleflow_exec_restarts{plugin}} and {@code jouleflow_exec_records_shed{plugin}} (counters,
   * named without {@code _total}).
   */
  public List<SelfMetric> metrics() {
    if (execs.isEmpty()) {
      return List.of();
    }
    List<SelfMetric.Point> lines = new ArrayList<>();
    List<SelfMetric.Point> bad = new ArrayList<>();
    List<SelfMetric.Point> restarts = new ArrayList<>();
    List<SelfMetric.Point> shed = new ArrayList<>();
    for (ExecCollector exec : execs) {
      List<String> plugin = List.of("plugin", exec.pluginName());
      lines.add(new SelfMetric.Point(plugin, exec.stats().linesRead()));
      shed.add(new SelfMetric.Point(plugin, exec.stats().recordsShed()));
      restarts.add(new SelfMetric.Point(plugin, exec.stats().restarts()));
      for (BadLineReason reason : BadLineReason.values()) {
        bad.add(
            new SelfMetric.Point(
                List.of("plugin", exec.pluginName(), "reason", reason.label()),
                exec.stats().badLines(reason)));
      }
    }
    return List.of(
        SelfMetric.counter("jouleflow_exec_lines", "Lines an exec plugin wrote.", lines),
        SelfMetric.counter(
            "jouleflow_exec_bad_lines", "Lines an exec plugin wrote that were rejected.", bad),
        SelfMetric.counter(
            "jouleflow_exec_restarts",
            "Times an exec plugin's program was started again.",
            restarts),
        SelfMetric.counter(
            "jouleflow_exec_records_shed",
            "Records of an exec plugin shed beyond EXEC_MAX_RECORDS_PER_SECOND.",
            shed));
  }
}

package io.jouleflow.agent.plugin.exec;

import com.fasterxml.jackson.core.JsonFactory;
import io.jouleflow.agent.config.PluginSettings;
import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.plugin.RunOutcome;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Collector;
import io.jouleflow.api.RecordSink;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exec plugin: runs a program in any language and turns the JSON lines it writes on stdout into
 * records, in the record form or the pyJoules form (see {@link JsonLineParser}). A bad line is
 * counted by reason and logged at most once a minute, never fatal. The program's stderr goes to the
 * log. {@link #run} runs the program once: it returns when the program has exited (or could not be
 * started), and the plugin pipeline's restart loop starts it again after its backoff, like any
 * collector that returns unasked; it throws {@link InterruptedException} when its thread is
 * interrupted, after stopping the program and its descendants (SIGTERM, then SIGKILL after 2 s).
 * The program runs in a process group of its own that dies with the agent ({@link ProcessGroup}).
 */
final class ExecCollector implements Collector, RunOutcome {

  private static final Logger log = LoggerFactory.getLogger(ExecCollector.class);
  private static final int DEFAULT_RECORDS_PER_SECOND =
      Integer.parseInt(Setting.EXEC_MAX_RECORDS_PER_SECOND.defaultValue());

  private final ExecCommand command;
  private final ExecStats stats = new ExecStats();
  private final StdoutPump.LineHandling handling;
  private final StderrLog stderrLog;
  private final Clock clock;
  private final Map<String, String> programSettings;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private @Nullable ProgramRun current;
  private boolean startedBefore;
  private volatile String lastOutcome = "not run yet";

  ExecCollector(
      ExecCommand command,
      String serviceLabel,
      String metricDefault,
      Clock clock,
      StderrLog stderrLog) {
    this(
        command,
        serviceLabel,
        metricDefault,
        clock,
        stderrLog,
        DEFAULT_RECORDS_PER_SECOND,
        Map.of());
  }

  /**
   * An exec plugin handing on at most {@code recordsPerSecond} records a second, its program's
   * environment having {@code programSettings} set.
   */
  ExecCollector(
      ExecCommand command,
      String serviceLabel,
      String metricDefault,
      Clock clock,
      StderrLog stderrLog,
      int recordsPerSecond,
      Map<String, String> programSettings) {
    this.command = command;
    this.programSettings = Map.copyOf(programSettings);
    this.clock = clock;
    this.stderrLog = stderrLog;
    JsonLineParser parser = new JsonLineParser(new JsonFactory(), serviceLabel, metricDefault);
    this.handling =
        new StdoutPump.LineHandling(
            parser,
            stats,
            new BadLineLog(command.prefix(), clock),
            clock,
            new RecordBudget(recordsPerSecond, clock));
  }

  /**
   * An exec plugin named {@code pluginName} running {@code argv}, one entry of {@link
   * PluginSettings#execCommands()}; records without a metric get {@link
   * PluginSettings#metricDefault()} and {@code source=}{@link PluginSettings#serviceLabel()}; its
   * program's environment has {@code programSettings} set.
   *
   * @throws UnavailableException with one line naming the command when the program is not found (on
   *     {@code PATH}, unless it is a path) or is not executable, or the command is empty
   */
  static ExecCollector create(
      String pluginName,
      List<String> argv,
      PluginSettings settings,
      Map<String, String> programSettings,
      Clock clock)
      throws UnavailableException {
    ExecCommand command = ExecCommand.resolve(pluginName, argv, System.getenv("PATH"));
    return new ExecCollector(
        command,
        settings.serviceLabel(),
        settings.metricDefault(),
        clock,
        StderrLog.toLog(pluginName),
        settings.execMaxRecordsPerSecond(),
        programSettings);
  }

  /** The plugin's name, e.g. {@code exec}. */
  String pluginName() {
    return command.plugin();
  }

  /** The program and its arguments. */
  List<String> command() {
    return command.argv();
  }

  /** One line for the start-up log. */
  String description() {
    return command.description();
  }

  /** Lines, records, bad lines by reason and restarts, for self-metrics. */
  ExecStats stats() {
    return stats;
  }

  /**
   * Runs the program once, handing its records to {@code sink} on this thread, and returns when it
   * has exited; a run after the first counts as a restart. Returns at once once closed.
   *
   * @throws InterruptedException when this thread is interrupted, once the program is stopped
   */
  @Override
  public void run(RecordSink sink) throws InterruptedException {
    if (isClosed()) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    countStart();
    long started = clock.nanoTime();
    String outcome;
    try {
      outcome = runOnce(sink);
    } catch (InterruptedException e) {
      log.info("{}: stopped (interrupted)", command.prefix());
      throw e;
    }
    if (isClosed()) {
      log.info("{}: stopped (closed)", command.prefix());
      return;
    }
    lastOutcome = outcome + " after " + seconds(Duration.ofNanos(clock.nanoTime() - started));
  }

  /** How the last run ended, for the pipeline's restart warning. */
  @Override
  public String lastOutcome() {
    return lastOutcome;
  }

  /** Stops the program and its descendants, and makes {@link #run} return. Never throws. */
  @Override
  public void close() {
    closed.countDown();
    ProgramRun run;
    synchronized (lock) {
      run = current;
    }
    if (run != null) {
      run.close();
    }
  }

  private void countStart() {
    if (startedBefore) {
      stats.restarted();
    }
    startedBefore = true;
  }

  private String runOnce(RecordSink sink) throws InterruptedException {
    ProgramRun started;
    try {
      started = ProgramRun.start(command, handling, stderrLog, programSettings);
    } catch (IOException e) {
      return "the program could not be started (" + e.getMessage() + ")";
    }
    try (ProgramRun run = started) {
      if (!register(run)) {
        return "stopped";
      }
      log.info(
          "{}: started, pid {}{}",
          command.prefix(),
          run.pid(),
          ProcessGroup.supported() ? ", in process group " + run.pid() : "");
      return "the program exited with status " + run.pump(sink, stats);
    } finally {
      register(null);
    }
  }

  private boolean register(@Nullable ProgramRun run) {
    synchronized (lock) {
      if (run != null && isClosed()) {
        return false;
      }
      current = run;
      return true;
    }
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
  }
}

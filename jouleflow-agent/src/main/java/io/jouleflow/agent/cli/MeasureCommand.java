package io.jouleflow.agent.cli;

import io.jouleflow.agent.assembly.Installation;
import io.jouleflow.agent.assembly.StartupException;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code jouleflow measure -- CMD}: runs the command with inherited standard streams while the
 * sampler reads every sensor at the interval, brackets it with a reading just before it starts and
 * just after it exits, and reports the energy between the two per series.
 *
 * <p>Ctrl-C in a terminal reaches the command directly (it shares the terminal's process group);
 * the agent ignores SIGINT so it can still print the report, and passes SIGTERM on to the command.
 */
final class MeasureCommand {

  private static final int RING_ROWS = 4096;
  private static final int NOT_STARTED = 127;

  private final Settings settings;
  private final PrintWriter err;

  MeasureCommand(Settings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  int run(List<String> command, MeasureReport.Format format, String output)
      throws StartupException {
    try (Installation installation = Installation.load(settings)) {
      return measure(installation.openScheduledOnly(), command, format, output);
    }
  }

  private int measure(
      List<NamedSensor> sensors, List<String> command, MeasureReport.Format format, String output) {
    Clock clock = Clock.SYSTEM;
    Sampler sampler =
        new Sampler(
            sensors, Math.min(RING_ROWS, settings.maxQueueLen()), settings.interval(), clock);
    try {
      sampler.sampleNow();
      RowBatch before = sampler.ring().copyLatest(1, new RowBatch());
      AtomicReference<@Nullable Process> running = new AtomicReference<>();
      Signals.forwardTermination(running);
      long start = clock.nanoTime();
      Process process;
      try {
        process = new ProcessBuilder(command).inheritIO().start();
      } catch (IOException e) {
        err.println("jouleflow: cannot run '" + command.getFirst() + "': " + e.getMessage());
        return NOT_STARTED;
      }
      running.set(process);
      sampler.start();
      int status = waitFor(process);
      long end = clock.nanoTime();
      sampler.stop(Duration.ofSeconds(2));
      sampler.sampleNow();
      RowBatch all = sampler.ring().copyLatest(sampler.ring().capacity(), new RowBatch());
      MeasureReport report =
          MeasureReport.of(command, sampler.series(), before, all, (end - start) / 1e9, status);
      write(report.render(format), output);
      return status;
    } finally {
      sampler.close();
    }
  }

  private static int waitFor(Process process) {
    while (true) {
      try {
        return process.waitFor();
      } catch (InterruptedException e) {
        // keep waiting: the report needs the command's end
      }
    }
  }

  private void write(String report, String output) {
    if (output.isEmpty()) {
      err.print(report);
      err.flush();
      return;
    }
    try {
      Files.writeString(Path.of(output), report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("jouleflow: cannot write the report to " + output + ": " + e.getMessage());
      err.print(report);
      err.flush();
    }
  }
}

package io.jouleflow.agent.cli;

import io.jouleflow.agent.assembly.Installation;
import io.jouleflow.agent.assembly.StartupException;
import io.jouleflow.agent.attribution.AttributionUnavailableException;
import io.jouleflow.agent.attribution.CommandCgroup;
import io.jouleflow.agent.attribution.OnlineCpus;
import io.jouleflow.agent.buffer.RowBatch;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sampling.Sampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code jouleflow measure -- CMD}: runs the command with inherited standard streams while the
 * sampler reads every sensor at the interval, brackets it with a reading just before it starts and
 * just after it exits, and reports the energy between the two per series.
 *
 * <p>Where it can, the command runs in a cgroup of its own ({@link CommandCgroup}) and the report
 * adds its CPU seconds and its share of each CPU-side series ({@link CommandShare}); else one line
 * says why not and the report has the machine's energy only.
 *
 * <p>Ctrl-C in a terminal reaches the command directly (it shares the terminal's process group);
 * the agent ignores SIGINT so it can still print the report, and passes SIGTERM on to the command.
 */
final class MeasureCommand {

  private static final int RING_ROWS = 4096;
  private static final int NOT_STARTED = 127;

  private final Settings settings;
  private final PrintWriter err;
  private final AtomicBoolean readWarned = new AtomicBoolean();
  // attribution ticks mark the command's CPU time only between its start and its exit: the
  // readings that bracket it are marked apart
  private final AtomicBoolean commandRunning = new AtomicBoolean();

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
    if (!Executables.found(command.getFirst(), System.getenv("PATH"))) {
      err.println(
          "jouleflow measure: cannot run '" + command.getFirst() + "': no such executable file");
      return NOT_STARTED;
    }
    Clock clock = Clock.SYSTEM;
    Sampler sampler =
        new Sampler(
            sensors, Math.min(RING_ROWS, settings.maxQueueLen()), settings.interval(), clock);
    @Nullable CommandCgroup cgroup = commandCgroup();
    try {
      @Nullable CommandShare share = null;
      if (cgroup != null) {
        CommandShare marks = new CommandShare(OnlineCpus.count(settings.sysfs()));
        RowBatch latest = new RowBatch();
        sampler.onTicks(
            settings.attribution().ticks(),
            sequence -> {
              if (commandRunning.get()) {
                mark(marks, sampler.ring().copyLatest(1, latest), cgroup, clock);
              }
            });
        share = marks;
      }
      sampler.sampleNow();
      RowBatch before = sampler.ring().copyLatest(1, new RowBatch());
      if (cgroup != null && share != null && !mark(share, before, cgroup, clock)) {
        share = null;
      }
      AtomicReference<@Nullable Process> running = new AtomicReference<>();
      Signals.forwardTermination(running);
      long start = clock.nanoTime();
      Process process;
      try {
        List<String> argv = cgroup == null || share == null ? command : cgroup.wrap(command);
        process = new ProcessBuilder(argv).inheritIO().start();
      } catch (IOException e) {
        err.println(
            "jouleflow measure: cannot run '" + command.getFirst() + "': " + e.getMessage());
        return NOT_STARTED;
      }
      running.set(process);
      commandRunning.set(true);
      sampler.start();
      int status = waitFor(process);
      long end = clock.nanoTime();
      commandRunning.set(false);
      sampler.stop(Duration.ofSeconds(2));
      sampler.sampleNow();
      RowBatch all = sampler.ring().copyLatest(sampler.ring().capacity(), new RowBatch());
      if (cgroup != null && share != null) {
        share = finish(share, all, cgroup, clock);
      }
      MeasureReport report =
          MeasureReport.of(
              command, sampler.series(), before, all, (end - start) / 1e9, status, share);
      write(report.render(format), output);
      return status;
    } finally {
      sampler.close();
      if (cgroup != null) {
        cgroup.close();
      }
    }
  }

  /**
   * The command's cgroup, or null after one line saying why there is none (the report then has the
   * machine's energy only).
   */
  private @Nullable CommandCgroup commandCgroup() {
    if (!settings.attribution().enabled()) {
      err.println(
          "jouleflow measure: ATTRIBUTION_LEVEL=off: reporting the machine's energy only, not the"
              + " command's share");
      return null;
    }
    try {
      return CommandCgroup.create(
          settings.attribution().cgroupPath(),
          settings.procfs().resolve("self/cgroup"),
          ProcessHandle.current().pid());
    } catch (AttributionUnavailableException e) {
      err.println(
          "jouleflow measure: no cgroup for the command, so the report has the machine's energy only: "
              + e.getMessage());
      return null;
    }
  }

  /**
   * Marks the last row with the command's CPU time after it exited, removes the cgroup (saying so
   * in one line where processes the command left behind keep it), and returns the share, or null
   * where the CPU time could not be read.
   */
  private @Nullable CommandShare finish(
      CommandShare share, RowBatch all, CommandCgroup cgroup, Clock clock) {
    boolean marked = mark(share, all, cgroup, clock);
    if (!cgroup.remove()) {
      err.println(
          "jouleflow measure: "
              + cgroup.path()
              + " still holds processes the command left running; left in place: remove it with"
              + " rmdir once they have ended");
    }
    return marked ? share : null;
  }

  /** Marks the newest row of {@code rows} with the cgroup's CPU time; false when unreadable. */
  private boolean mark(CommandShare share, RowBatch rows, CommandCgroup cgroup, Clock clock) {
    long cpuNanos;
    try {
      cpuNanos = cgroup.cpuNanos();
    } catch (IOException | RuntimeException e) {
      if (!readWarned.getAndSet(true)) {
        err.println(
            "jouleflow measure: cannot read the command's CPU time in " + cgroup.path() + ": " + e);
      }
      return false;
    }
    long nanos = clock.nanoTime();
    int row = rows.size() - 1;
    double[] energy = new double[rows.width()];
    for (int column = 0; column < energy.length; column++) {
      energy[column] = row < 0 ? Double.NaN : rows.value(row, column);
    }
    share.mark(energy, cpuNanos, nanos);
    return true;
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

  /**
   * Why the report cannot be written to {@code output}, checked before the command runs; empty when
   * it can.
   */
  static String whyNotWritable(String output) {
    if (output.isBlank()) {
      return "no file named";
    }
    Path file;
    try {
      file = Path.of(output).toAbsolutePath();
    } catch (InvalidPathException e) {
      return "not a valid path";
    }
    if (Files.isDirectory(file)) {
      return "it is a folder";
    }
    Path folder = file.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return "its folder does not exist";
    }
    boolean writable = Files.exists(file) ? Files.isWritable(file) : Files.isWritable(folder);
    return writable ? "" : "permission denied";
  }

  /** Why a file could not be written, for people: the exception's message is often the path. */
  private static String why(IOException e) {
    return switch (e) {
      case NoSuchFileException missing -> "its folder does not exist";
      case AccessDeniedException denied -> "permission denied";
      case FileSystemException other when other.getReason() != null -> other.getReason();
      default -> String.valueOf(e.getMessage());
    };
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
      err.println("jouleflow measure: cannot write the report to " + output + ": " + why(e));
      err.print(report);
      err.flush();
    }
  }
}

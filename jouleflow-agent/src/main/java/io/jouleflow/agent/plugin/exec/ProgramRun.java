package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.Threads;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an exec plugin's program, from start to exit: stdin closed, stdout read and parsed on
 * {@code jouleflow-exec-<plugin>-stdout}, stderr logged on {@code jouleflow-exec-<plugin>-stderr},
 * records handed to the sink on the caller's thread.
 */
final class ProgramRun implements AutoCloseable {

  /** How long the program and its descendants get between SIGTERM and SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(ProgramRun.class);
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 1000;
  private static final int IDLE_POLLS_AFTER_EXIT = 2;
  private static final int QUEUED_LINES = 256;
  private static final Duration EXIT_POLL = Duration.ofMillis(20);

  private final ExecCommand command;
  private final Process process;
  private final BlockingQueue<StdoutPump.Batch> queue;
  private final Thread stdoutThread;
  private final Thread stderrThread;

  private ProgramRun(
      ExecCommand command,
      Process process,
      BlockingQueue<StdoutPump.Batch> queue,
      Thread stdoutThread,
      Thread stderrThread) {
    this.command = command;
    this.process = process;
    this.queue = queue;
    this.stdoutThread = stdoutThread;
    this.stderrThread = stderrThread;
  }

  /**
   * Starts {@code command} and the threads reading its output. The program inherits the agent's
   * environment, with {@code settings} (the agent's effective values, see {@link
   * ExecPlugins#programSettings}) set over it.
   *
   * @throws IOException when the program cannot be started
   */
  static ProgramRun start(
      ExecCommand command,
      StdoutPump.LineHandling handling,
      StderrLog stderrLog,
      Map<String, String> settings)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(ProcessGroup.launch(command.argv(), GRACE));
    lineFlushed(builder.environment());
    builder.environment().putAll(settings);
    Process process = builder.start();
    if (!ProcessGroup.supported()) {
      closeStdin(process); // else its end of file tells the watcher to stop the group
    }
    BlockingQueue<StdoutPump.Batch> queue = new ArrayBlockingQueue<>(QUEUED_LINES);
    StdoutPump stdout = new StdoutPump(process.getInputStream(), queue, handling);
    StderrForwarder stderr =
        new StderrForwarder(
            process.getErrorStream(), stderrLog, handling.stats(), handling.clock());
    return new ProgramRun(
        command,
        process,
        queue,
        startThread(command, "stdout", stdout),
        startThread(command, "stderr", stderr));
  }

  /**
   * Sets what makes the program's output line-flushed where a variable can: a pipe makes stdout
   * block-buffered in most runtimes, so records would arrive in bursts of kilobytes. Python, the
   * usual language of exec plugins, writes each line at once with {@code PYTHONUNBUFFERED}; a value
   * the operator set is kept.
   */
  static void lineFlushed(Map<String, String> environment) {
    environment.putIfAbsent("PYTHONUNBUFFERED", "1");
  }

  /** The program's process id. */
  long pid() {
    return process.pid();
  }

  /**
   * Hands the program's records to {@code sink} until its stdout ends and it has exited.
   *
   * @return the program's exit status
   * @throws InterruptedException when the calling thread is interrupted; the program still runs
   */
  int pump(RecordSink sink, ExecStats stats) throws InterruptedException {
    int idlePollsAfterExit = 0;
    while (idlePollsAfterExit < IDLE_POLLS_AFTER_EXIT) {
      StdoutPump.Batch batch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (batch == null) {
        idlePollsAfterExit = process.isAlive() ? 0 : idlePollsAfterExit + 1;
      } else if (batch.isEnd()) {
        return process.waitFor();
      } else {
        emit(batch.records(), sink, stats);
      }
    }
    log.warn(
        "{}: the program exited but its stdout is still open (held by a child of it?);"
            + " no longer reading it",
        command.prefix());
    return process.exitValue();
  }

  /**
   * Stops the program, its descendants and what remains of its process group (SIGTERM, SIGKILL
   * after {@link #GRACE}) and waits, for a limited time, for the reading threads to end. Keeps the
   * interrupt flag.
   */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    try {
      destroyTree(process.toHandle());
      closeStdin(process);
      stdoutThread.interrupt();
      join(stdoutThread);
      join(stderrThread);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts {@code task} on a daemon thread named {@code jouleflow-exec-<plugin>-<role>}. */
  private static Thread startThread(ExecCommand command, String role, Runnable task) {
    Thread thread = Threads.daemon("jouleflow-exec-" + command.plugin() + "-" + role, task);
    thread.start();
    return thread;
  }

  /**
   * Waits up to {@link #JOIN_LIMIT} for {@code thread} to end, then interrupts it if it has not.
   */
  private static void join(Thread thread) {
    if (!Threads.join(thread, JOIN_LIMIT)) {
      log.debug("{} still running after {}; left behind", thread.getName(), JOIN_LIMIT);
      thread.interrupt();
    }
  }

  private static void emit(List<Record> records, RecordSink sink, ExecStats stats) {
    for (Record record : records) {
      sink.emit(record);
    }
    stats.recordsEmitted(records.size());
  }

  private void destroyTree(ProcessHandle root) {
    List<ProcessHandle> tree = tree(root);
    if (tree.isEmpty()) {
      return;
    }
    tree.forEach(ProcessHandle::destroy);
    List<ProcessHandle> survivors = awaitExit(tree);
    survivors.addAll(newcomers(root, tree));
    if (!survivors.isEmpty()) {
      log.warn(
          "{}: processes {} still run {} s after SIGTERM; killing them",
          command.prefix(),
          survivors.stream().map(ProcessHandle::pid).toList(),
          GRACE.toSeconds());
      survivors.forEach(ProcessHandle::destroyForcibly);
      awaitExit(survivors);
    }
  }

  /** The program (while alive), its descendants and the other live members of its group. */
  private static List<ProcessHandle> tree(ProcessHandle root) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    if (root.isAlive()) {
      tree.add(root);
    }
    root.descendants().forEach(tree::add);
    if (ProcessGroup.supported()) {
      tree.addAll(ProcessGroup.members(root.pid()));
    }
    return new ArrayList<>(tree);
  }

  /** Processes that joined the program's group or tree during the grace period. */
  private static List<ProcessHandle> newcomers(ProcessHandle root, List<ProcessHandle> known) {
    List<ProcessHandle> newcomers = tree(root);
    newcomers.removeAll(known);
    return newcomers;
  }

  /**
   * Waits up to {@link #GRACE} for every process to exit (a zombie has: only its reaping is
   * pending, which a container's init may never do); returns those still running.
   */
  private static List<ProcessHandle> awaitExit(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + GRACE.toNanos();
    List<ProcessHandle> running = new ArrayList<>(processes);
    while (true) {
      running.removeIf(handle -> !ProcessGroup.running(handle));
      if (running.isEmpty() || System.nanoTime() - deadline >= 0) {
        return running;
      }
      try {
        Thread.sleep(EXIT_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return running;
      }
    }
  }

  private static void closeStdin(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("cannot close the program's stdin", e);
    }
  }
}

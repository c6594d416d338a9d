package io.jouleflow.agent.plugin.exec;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.api.Record;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a program's stdout line by line on its own thread, parses each line and queues the records
 * of good lines for the collector's thread; counts and logs bad ones. Puts {@link Batch#END} last.
 */
final class StdoutPump implements Runnable {

  /** The longest line kept; a longer one is bad ({@link BadLineReason#TOO_LONG}). */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(StdoutPump.class);

  private final InputStream stdout;
  private final BlockingQueue<Batch> queue;
  private final LineHandling handling;

  StdoutPump(InputStream stdout, BlockingQueue<Batch> queue, LineHandling handling) {
    this.stdout = stdout;
    this.queue = queue;
    this.handling = handling;
  }

  @Override
  public void run() {
    try {
      readAll();
      queue.put(Batch.END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readAll() throws InterruptedException {
    BoundedLineReader lines = new BoundedLineReader(stdout, MAX_LINE_CHARS);
    try {
      for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
        handle(line);
      }
    } catch (IOException e) {
      log.debug("stdout of the program closed", e);
    }
  }

  private void handle(BoundedLineReader.Line line) throws InterruptedException {
    handling.stats().lineRead();
    if (line.tooLong()) {
      bad(new ParsedLine.Bad(BadLineReason.TOO_LONG, "longer than " + MAX_LINE_CHARS), line);
    } else if (!line.text().isBlank()) {
      switch (handling.parser().parse(line.text(), handling.clock().wallMillis())) {
        case ParsedLine.Records good -> pass(good.records());
        case ParsedLine.Bad bad -> bad(bad, line);
      }
    }
  }

  /**
   * Queues {@code records} if the budget holds them; else sheds them, counted, and stops reading
   * until the budget is full again.
   */
  private void pass(List<Record> records) throws InterruptedException {
    if (handling.budget().take(records.size())) {
      queue.put(new Batch(records));
      return;
    }
    handling.stats().recordsShed(records.size());
    handling.badLines().reportShed(handling.budget().perSecond());
    handling.budget().awaitFull();
  }

  private void bad(ParsedLine.Bad bad, BoundedLineReader.Line line) {
    handling.stats().badLine(bad.reason());
    handling.badLines().report(bad, line.text());
  }

  /**
   * The records of one good line, or {@link #END} after the last line.
   *
   * @param records the records; empty only for {@link #END}
   */
  record Batch(List<Record> records) {

    /** Marks the end of stdout. */
    static final Batch END = new Batch(List.of());

    /** Freezes the list. */
    Batch {
      records = List.copyOf(records);
    }

    boolean isEnd() {
      return records.isEmpty();
    }
  }

  /** What the pump needs, shared by all runs of one plugin. */
  record LineHandling(
      JsonLineParser parser,
      ExecStats stats,
      BadLineLog badLines,
      Clock clock,
      RecordBudget budget) {}
}

package io.jouleflow.agent.export.pull;

import io.jouleflow.agent.buffer.RecordBatch;
import io.jouleflow.agent.buffer.RowBatch;

/**
 * The bounded scratch space one scrape reads the rings through: a column of at most {@link #ROWS}
 * rows and at most {@link #RECORDS} records at a time. Owned by one scrape at a time.
 */
final class Chunks {

  /** Rows read from the ring at a time, per column. */
  static final int ROWS = 1024;

  /** Records read from the ring at a time. */
  static final int RECORDS = 1024;

  final RowBatch column = new RowBatch();
  final RecordBatch records = new RecordBatch();
}

package io.jouleflow.agent.plugin.exec;

import io.jouleflow.api.Record;
import java.util.List;

/** What one line of a program's stdout gave: records, or the reason it gave none. */
sealed interface ParsedLine {

  /** A good line: one record (record form) or one per domain (pyJoules form). */
  record Records(List<Record> records) implements ParsedLine {

    /** Freezes the list. */
    public Records {
      records = List.copyOf(records);
    }
  }

  /** A bad line, with a short detail naming the offending key. */
  record Bad(BadLineReason reason, String detail) implements ParsedLine {}
}

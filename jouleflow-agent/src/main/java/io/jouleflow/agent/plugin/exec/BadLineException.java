package io.jouleflow.agent.plugin.exec;

/** Ends the parsing of a bad line; cheap, without a stack trace. */
final class BadLineException extends Exception {

  private static final long serialVersionUID = 1L;

  private final BadLineReason reason;

  BadLineException(BadLineReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  ParsedLine.Bad toBad() {
    return new ParsedLine.Bad(reason, String.valueOf(getMessage()));
  }
}

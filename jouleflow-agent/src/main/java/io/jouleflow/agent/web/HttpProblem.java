package io.jouleflow.agent.web;

/** A request the server answers itself with an error status, then closes the connection. */
final class HttpProblem extends Exception {

  private static final long serialVersionUID = 1L;

  final int status;
  final WebStats.Rejected reason;

  HttpProblem(int status, WebStats.Rejected reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }
}

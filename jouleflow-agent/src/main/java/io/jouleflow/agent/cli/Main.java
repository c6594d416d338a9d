package io.jouleflow.agent.cli;

/** Entry point. */
public final class Main {
  private Main() {}

  /** Runs the agent. */
  public static void main(String[] args) {}
}

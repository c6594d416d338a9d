package io.jouleflow.agent.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of {@code jouleflow}. */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int status =
        new CommandLineRunner(
                System.getenv(), new PrintWriter(out, true), new PrintWriter(err, true))
            .run(args);
    System.exit(status);
  }
}

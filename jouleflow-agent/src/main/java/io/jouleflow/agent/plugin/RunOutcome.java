package io.jouleflow.agent.plugin;

/**
 * A collector of the agent's own that can say why its last run ended when it returned, e.g. {@code
 * the program exited with status 3 after 0.2 s}: the restart loop logs that, in its one line,
 * instead of a bare "stopped collecting on its own".
 */
public interface RunOutcome {

  /** Why the last run ended, as a phrase. */
  String lastOutcome();
}

/**
 * Exec plugins: a program in any language writes JSON lines on its stdout, one record or one
 * pyJoules-style dictionary per line; {@link io.jouleflow.agent.plugin.exec.ExecCollector} runs it,
 * turns its lines into records, forwards its stderr to the log and restarts it with backoff when it
 * exits.
 */
@NullMarked
package io.jouleflow.agent.plugin.exec;

import org.jspecify.annotations.NullMarked;

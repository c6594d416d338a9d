/**
 * Exec plugins: a program in any language writes JSON lines on its stdout, one record or one
 * pyJoules-style dictionary per line. {@link io.jouleflow.agent.plugin.exec.ExecPlugins} makes one
 * collector plugin per configured program; each run of the collector starts the program once, turns
 * its lines into records and forwards its stderr to the log, and the plugin pipeline restarts it
 * with backoff when it exits, as it restarts any collector.
 */
@NullMarked
package io.jouleflow.agent.plugin.exec;

import org.jspecify.annotations.NullMarked;

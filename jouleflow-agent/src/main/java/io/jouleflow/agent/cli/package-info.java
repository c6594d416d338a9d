/**
 * The command line: {@code run} (the default), {@code measure} and {@code sensors}; parses
 * arguments, asks the assembly to open what the settings choose, prints, and exits with a status.
 */
@NullMarked
package io.jouleflow.agent.cli;

import org.jspecify.annotations.NullMarked;

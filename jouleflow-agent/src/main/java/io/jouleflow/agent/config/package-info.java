/**
 * The agent's settings: the list of them ({@link io.jouleflow.agent.config.Setting}), their sources
 * merged in order (defaults, file, environment, flags) into one immutable {@link
 * io.jouleflow.agent.config.Settings}. Each value is parsed once, by its owner (a sensor's own
 * settings by that sensor); a wrong one is one line and exit status 2.
 */
@NullMarked
package io.jouleflow.agent.config;

import org.jspecify.annotations.NullMarked;

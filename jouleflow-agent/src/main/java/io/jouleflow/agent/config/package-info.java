/**
 * The agent's settings: the list of them ({@link io.jouleflow.agent.config.Setting}), their sources
 * merged in order (defaults, file, environment, flags), parsed once into one immutable {@link
 * io.jouleflow.agent.config.Settings}; a wrong one is one line and exit status 2.
 */
@NullMarked
package io.jouleflow.agent.config;

import org.jspecify.annotations.NullMarked;

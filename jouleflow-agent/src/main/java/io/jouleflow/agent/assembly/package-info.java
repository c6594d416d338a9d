/**
 * The one start-up path: chooses and opens sensors and plugins, and wires the sampler, the buffer
 * and the exporters together; every command (run, measure, sensors) starts through it.
 */
@NullMarked
package io.jouleflow.agent.assembly;

import org.jspecify.annotations.NullMarked;

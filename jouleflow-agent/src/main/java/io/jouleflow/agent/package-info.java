/** The agent: wires settings, sensors, the sampler and the exporters together. */
@NullMarked
package io.jouleflow.agent;

import org.jspecify.annotations.NullMarked;

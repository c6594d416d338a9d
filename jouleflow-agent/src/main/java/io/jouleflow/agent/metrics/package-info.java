/** The agent's own metrics in a neutral form, written by the exporters without timestamps. */
@NullMarked
package io.jouleflow.agent.metrics;

import org.jspecify.annotations.NullMarked;

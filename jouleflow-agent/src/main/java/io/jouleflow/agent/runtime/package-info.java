/**
 * Policy every other package needs, written once: the clock, the thread factory, the backoff and
 * the log limiter. Imports nothing of the agent.
 */
@NullMarked
package io.jouleflow.agent.runtime;

import org.jspecify.annotations.NullMarked;

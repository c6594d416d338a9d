/** What the built-in sensors share: counters that wrap, and how they describe themselves. */
@NullMarked
package io.jouleflow.agent.sensor;

import org.jspecify.annotations.NullMarked;

/**
 * The sampler: reads every scheduled sensor on absolute deadlines and appends one row per tick to
 * the sample ring, counting what it did in its stats.
 */
@NullMarked
package io.jouleflow.agent.sampling;

import org.jspecify.annotations.NullMarked;

/**
 * The jouleflow plugin contract.
 *
 * <p>A {@link io.jouleflow.api.SensorProvider} is found with {@link java.util.ServiceLoader}; when
 * the settings name it, the agent opens it once and then calls the returned {@link
 * io.jouleflow.api.ScheduledSensor} on its sampler thread at every tick.
 */
@NullMarked
package io.jouleflow.api;

import org.jspecify.annotations.NullMarked;

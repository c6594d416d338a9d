package io.jouleflow.agent.sampling;

import io.jouleflow.api.ScheduledSensor;

/**
 * An open sensor with the name of the provider that opened it.
 *
 * @param name the provider's name, e.g. {@code rapl}
 * @param description one line saying what it measures and how, for the start-up log
 * @param sensor the open sensor
 */
public record NamedSensor(String name, String description, ScheduledSensor sensor) {}

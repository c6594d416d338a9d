/**
 * The {@code model} sensor: a labelled estimate for machines without counters, CPU utilisation from
 * {@code /proc/stat} scaled to a TDP ({@code TDP_WATTS}, a table of CPU models, or a default).
 */
@NullMarked
package io.jouleflow.agent.sensor.model;

import org.jspecify.annotations.NullMarked;

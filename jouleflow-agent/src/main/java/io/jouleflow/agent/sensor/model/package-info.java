@NullMarked
package io.jouleflow.agent.sensor.model;

import org.jspecify.annotations.NullMarked;

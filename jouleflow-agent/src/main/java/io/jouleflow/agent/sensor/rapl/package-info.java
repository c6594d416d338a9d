@NullMarked
package io.jouleflow.agent.sensor.rapl;

import org.jspecify.annotations.NullMarked;

@NullMarked
package io.jouleflow.agent.sampling;

import org.jspecify.annotations.NullMarked;

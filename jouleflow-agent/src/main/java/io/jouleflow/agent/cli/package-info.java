@NullMarked
package io.jouleflow.agent.cli;

import org.jspecify.annotations.NullMarked;

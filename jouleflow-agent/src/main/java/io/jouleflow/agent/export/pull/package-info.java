@NullMarked
package io.jouleflow.agent.export.pull;

import org.jspecify.annotations.NullMarked;

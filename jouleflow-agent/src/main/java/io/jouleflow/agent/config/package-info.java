@NullMarked
package io.jouleflow.agent.config;

import org.jspecify.annotations.NullMarked;

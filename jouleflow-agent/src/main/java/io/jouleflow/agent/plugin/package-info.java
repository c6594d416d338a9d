/**
 * Plugins: finding their providers on the class path and in {@code PLUGINS_DIR} ({@link
 * io.jouleflow.agent.plugin.PluginLoader}), and running free-running collectors through their
 * stages into the record ring ({@link io.jouleflow.agent.plugin.PluginPipeline}).
 */
@NullMarked
package io.jouleflow.agent.plugin;

import org.jspecify.annotations.NullMarked;

package io.jouleflow.agent.plugin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the pipeline's threads: named, daemon (a plugin that ignores interrupts must not keep the
 * JVM alive), and logging whatever escapes them.
 */
final class PluginThreads {

  private static final Logger log = LoggerFactory.getLogger(PluginThreads.class);

  private PluginThreads() {}

  /** A new, unstarted thread named {@code name}. */
  static Thread unstarted(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(true)
        .uncaughtExceptionHandler((thread, e) -> log.error("thread {} died", thread.getName(), e))
        .unstarted(task);
  }
}

/**
 * The dummy monitor of the reference design, as a third party writes a jouleflow plugin: a
 * free-running collector ({@link io.jouleflow.plugin.example.DummyCollectorProvider}, name {@code
 * dummy}) that emits a deterministic power signal, and a processor that integrates it into a
 * cumulative energy counter, written only against {@code jouleflow-api}.
 */
@NullMarked
package io.jouleflow.plugin.example;

import org.jspecify.annotations.NullMarked;

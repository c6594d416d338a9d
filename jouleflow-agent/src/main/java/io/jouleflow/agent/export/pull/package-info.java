/**
 * The pull endpoint: {@code /metrics} hands each consumer every buffered sample after its own
 * cursor, with its own timestamp, and moves the cursor only once the scraper proved it read the
 * whole answer; also the health endpoints and the landing page.
 */
@NullMarked
package io.jouleflow.agent.export.pull;

import org.jspecify.annotations.NullMarked;

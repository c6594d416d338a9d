/**
 * The remote-write shipper: every push interval it takes the samples after its own ring cursors,
 * cuts requests, encodes them as Prometheus remote write 1.0 ({@code WriteRequest}, snappy block
 * format) and POSTs them one at a time, keeping failed requests in a bounded FIFO retry queue (or
 * the on-disk spool) that always goes before newer data, its small requests joined when sent.
 */
@NullMarked
package io.jouleflow.agent.export.remotewrite;

import org.jspecify.annotations.NullMarked;

/**
 * The shared buffer between the producers and the exporters: the sample ring the sampler writes,
 * the record ring the plugin pipeline writes, the series registry of plugin records, and the
 * cursors and batches through which every exporter reads them.
 */
@NullMarked
package io.jouleflow.agent.buffer;

import org.jspecify.annotations.NullMarked;

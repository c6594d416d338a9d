package io.jouleflow.api;

/**
 * Turns raw records into processed ones (the reference design's {@code process_data}): clean,
 * aggregate, enrich, rename. Runs on its own thread between the raw and the processed queue.
 */
@FunctionalInterface
public interface Processor {

  /** Passes every record through unchanged. */
  Processor IDENTITY = (record, out) -> out.emit(record);

  /** Handles one raw record, emitting zero or more processed records to {@code out}. */
  void process(Record raw, RecordSink out) throws Exception;
}

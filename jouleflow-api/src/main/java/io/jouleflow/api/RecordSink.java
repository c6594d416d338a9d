package io.jouleflow.api;

/**
 * Where a collector or processor hands its records. Never blocks: when the queue behind it is full,
 * the oldest record is dropped and counted.
 */
@FunctionalInterface
public interface RecordSink {

  /** Hands over one record. */
  void emit(Record record);
}

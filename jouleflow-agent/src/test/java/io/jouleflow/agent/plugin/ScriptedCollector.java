package io.jouleflow.agent.plugin;

import io.jouleflow.api.Collector;
import io.jouleflow.api.Record;
import io.jouleflow.api.RecordSink;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Emits the records it was given once, then waits until interrupted. */
final class ScriptedCollector implements Collector {

  private final List<Record> records;
  private final CountDownLatch emitted = new CountDownLatch(1);
  final AtomicBoolean closed = new AtomicBoolean();

  ScriptedCollector(List<Record> records) {
    this.records = List.copyOf(records);
  }

  @Override
  public void run(RecordSink sink) throws InterruptedException {
    records.forEach(sink::emit);
    emitted.countDown();
    new CountDownLatch(1).await();
  }

  @Override
  public void close() {
    closed.set(true);
  }

  void awaitEmitted() throws InterruptedException {
    emitted.await();
  }
}

package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.runtime.FakeClock;
import io.jouleflow.api.Processor;
import io.jouleflow.api.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginProcessorStageTest {

  @Test
  void aFullProcessedQueueDropsTheOldestRecordAndCountsItToItsPlugin() throws Exception {
    PluginCounters other = new PluginCounters();
    PluginCounters mine = new PluginCounters();
    RecordQueue raw = new RecordQueue(10);
    RecordQueue processed = new RecordQueue(2);
    processed.put(0, Records.at(0, -1));
    raw.put(1, Records.at(1, 1));
    raw.close();
    Processor triples =
        (record, out) -> {
          for (int i = 0; i < 3; i++) {
            out.emit(Records.at(record.timestampMillis() - Records.T0 + i, i));
          }
        };
    ProcessorStage stage =
        new ProcessorStage(
            new CollectorPlugin("mine", "test", new ScriptedCollector(List.of()), triples),
            1,
            raw,
            processed,
            List.of(other, mine),
            new FakeClock());

    stage.start();
    assertThat(stage.thread().join(Duration.ofSeconds(30))).isTrue();

    assertThat(mine.processedCount()).isEqualTo(3);
    assertThat(other.droppedByReason()).containsEntry("proc_queue_full", 1L);
    assertThat(mine.droppedByReason()).containsEntry("proc_queue_full", 1L);
    List<Record> left = new ArrayList<>();
    processed.drain((owner, record) -> left.add(record));
    assertThat(left).extracting(Record::value).containsExactly(1.0, 2.0);
  }
}

package io.jouleflow.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.api.Record;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRecordQueueTest {

  private final List<Record> drained = new ArrayList<>();
  private final List<Integer> owners = new ArrayList<>();

  @Test
  void aFullQueueDropsItsOldestRecordAndSaysWhose() throws InterruptedException {
    RecordQueue queue = new RecordQueue(3);

    assertThat(queue.put(7, Records.at(0, 0))).isEqualTo(RecordQueue.NONE);
    assertThat(queue.put(8, Records.at(1, 1))).isEqualTo(RecordQueue.NONE);
    assertThat(queue.put(9, Records.at(2, 2))).isEqualTo(RecordQueue.NONE);
    assertThat(queue.put(1, Records.at(3, 3))).isEqualTo(7);
    assertThat(queue.put(2, Records.at(4, 4))).isEqualTo(8);

    assertThat(queue.size()).isEqualTo(3);
    queue.drain(this::collect);
    assertThat(drained).extracting(Record::value).containsExactly(2.0, 3.0, 4.0);
    assertThat(owners).containsExactly(9, 1, 2);
  }

  @Test
  void growsAsNeededAndKeepsOrderUpToItsCapacity() throws InterruptedException {
    int capacity = 5000;
    RecordQueue queue = new RecordQueue(capacity);
    for (int i = 0; i < capacity + 10; i++) {
      queue.put(0, Records.at(i, i));
    }

    while (queue.size() > 0) {
      queue.drain(this::collect);
    }

    assertThat(drained).hasSize(capacity);
    assertThat(drained.getFirst().value()).isEqualTo(10.0);
    assertThat(drained.getLast().value()).isEqualTo(capacity + 9.0);
    assertThat(drained).extracting(Record::value).isSorted();
  }

  @Test
  void aClosedQueueRefusesRecordsAndEndsOnceDrained() throws InterruptedException {
    RecordQueue queue = new RecordQueue(4);
    queue.put(0, Records.at(0, 0));
    queue.close();

    assertThat(queue.put(0, Records.at(1, 1))).isEqualTo(RecordQueue.CLOSED);
    assertThat(queue.drain(this::collect)).isTrue();
    assertThat(queue.drain(this::collect)).isFalse();
    assertThat(drained).extracting(Record::value).containsExactly(0.0);
  }

  private void collect(int owner, Record record) {
    owners.add(owner);
    drained.add(record);
  }
}

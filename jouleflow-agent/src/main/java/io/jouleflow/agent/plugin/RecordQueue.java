package io.jouleflow.agent.plugin;

import io.jouleflow.api.Record;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO of records between two stages. Producers never wait: when the queue is full the
 * oldest record makes room, and {@link #put} says whose it was, so the caller counts it. Each
 * record carries its owner, the index of the plugin it came from. Many producers, one consumer. The
 * arrays grow as needed up to the capacity, so a large {@code RAW_QUEUE_SIZE} costs memory only
 * when used.
 */
final class RecordQueue {

  /** {@link #put} dropped nothing. */
  static final int NONE = -1;

  /** {@link #put} discarded the record: the queue is closed. */
  static final int CLOSED = -2;

  private static final int BATCH = 256;
  private static final int INITIAL = 1024;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final int capacity;
  private final Record[] batch = new Record[BATCH];
  private final int[] batchOwners = new int[BATCH];
  private Record[] records;
  private int[] owners;
  private int head;
  private int size;
  private boolean closed;

  /** A queue of at most {@code capacity} records. */
  RecordQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.records = new Record[Math.min(capacity, INITIAL)];
    this.owners = new int[records.length];
  }

  /**
   * Appends a record of {@code owner}, dropping the oldest when full.
   *
   * @return the owner of the record dropped to make room, {@link #NONE}, or {@link #CLOSED} when
   *     the queue is closed and the record was discarded
   */
  int put(int owner, Record record) {
    lock.lock();
    try {
      if (closed) {
        return CLOSED;
      }
      int dropped = NONE;
      if (size == capacity) {
        dropped = owners[head];
        head = (head + 1) % records.length;
        size--;
      } else if (size == records.length) {
        grow();
      }
      int tail = (head + size) % records.length;
      records[tail] = record;
      owners[tail] = owner;
      size++;
      notEmpty.signal();
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until records are queued, then hands up to 256 of them, oldest first, to {@code
   * consumer}, outside the lock. Only one thread may call this.
   *
   * @return false once the queue is closed and empty
   */
  boolean drain(Consumer consumer) throws InterruptedException {
    int count = take();
    if (count < 0) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      consumer.accept(batchOwners[i], batch[i]);
    }
    return true;
  }

  /** Refuses records from now on; the consumer drains what is queued, then stops. */
  void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records queued now. */
  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** Moves up to a batch into the consumer's arrays; -1 when closed and empty. */
  private int take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (size == 0) {
        if (closed) {
          return -1;
        }
        notEmpty.await();
      }
      int count = Math.min(size, BATCH);
      for (int i = 0; i < count; i++) {
        batch[i] = records[head];
        batchOwners[i] = owners[head];
        head = (head + 1) % records.length;
      }
      size -= count;
      return count;
    } finally {
      lock.unlock();
    }
  }

  private void grow() {
    int length = (int) Math.min(capacity, 2L * records.length);
    Record[] grownRecords = new Record[length];
    int[] grownOwners = new int[length];
    for (int i = 0; i < size; i++) {
      grownRecords[i] = records[(head + i) % records.length];
      grownOwners[i] = owners[(head + i) % records.length];
    }
    records = grownRecords;
    owners = grownOwners;
    head = 0;
  }

  /** Receives drained records. */
  @FunctionalInterface
  interface Consumer {
    void accept(int owner, Record record);
  }
}

package io.jouleflow.agent.buffer;

import io.jouleflow.api.Series;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Rows whose columns are lent to series that come and go: the per-workload energy. A {@link
 * SampleRing} of fixed width stores one row per attribution interval; each column is owned by one
 * series at a time. Memory is the ring's, fixed by the settings, however many workloads come and
 * go.
 *
 * <p>A released column keeps its owner (readers still label its last values by it) and is lent
 * again only once the ring has overwritten every row it held for that owner. So a value at row
 * {@code r} of column {@code c} belongs to {@link #seriesAt seriesAt(c, r)}: the column's owner
 * when {@code r} is at or after the row the owner got the column, else to an earlier owner whose
 * rows are gone (the reader skips it).
 *
 * <p>Besides numbers and NaN (no sample), a row may hold {@link #STALE}: the series ended. Pull
 * writes it as nothing; push sends it as Prometheus' staleness marker.
 *
 * <p>One thread writes (lends, releases, appends); any number read.
 */
public final class WorkloadTable {

  /** Prometheus' staleness marker: a NaN with these exact bits. */
  public static final long STALE_BITS = 0x7ff0000000000002L;

  /** The staleness marker as a value; compare with {@link #isStale}, never with {@code ==}. */
  public static final double STALE = Double.longBitsToDouble(STALE_BITS);

  /**
   * A column's owner.
   *
   * @param series the series the column's values belong to
   * @param firstRow the sequence of the first row that may hold the owner's values
   */
  public record Owner(Series series, long firstRow) {}

  private record Released(int column, long lastRow) {}

  private final SampleRing ring;
  private final AtomicReferenceArray<@Nullable Owner> owners;
  private final ArrayDeque<Released> released = new ArrayDeque<>();
  private int neverLent;

  /** A table of at least {@code minRows} rows (a power of two) of {@code width} columns. */
  public WorkloadTable(int minRows, int width) {
    this.ring = new SampleRing(minRows, width);
    this.owners = new AtomicReferenceArray<>(width);
  }

  /** An empty table: no columns. */
  public static WorkloadTable none() {
    return new WorkloadTable(1, 0);
  }

  /** The heap a table of at least {@code minRows} rows of {@code width} columns takes. */
  public static long bytesFor(int minRows, int width) {
    return SampleRing.bytesFor(minRows, width);
  }

  /** Whether {@code value} is the staleness marker. */
  public static boolean isStale(double value) {
    return Double.doubleToRawLongBits(value) == STALE_BITS;
  }

  /** The rows, for cursors and copies. Append only through {@link #append}. */
  public SampleRing ring() {
    return ring;
  }

  /** How many columns the table has. */
  public int width() {
    return ring.width();
  }

  /**
   * Lends a column to {@code series} from the next appended row on. Writer thread only.
   *
   * @return the column, or -1 when every column is owned or not yet free of its last owner's rows
   */
  public int lend(Series series) {
    int column;
    if (neverLent < width()) {
      column = neverLent++;
    } else {
      Released oldest = released.peekFirst();
      if (oldest == null || !overwritten(oldest.lastRow())) {
        return -1;
      }
      column = released.removeFirst().column();
    }
    owners.set(column, new Owner(series, ring.published() + 1));
    return column;
  }

  /**
   * Whether {@link #lend} would give {@code count} columns now: a series that needs several asks
   * first, so that it never takes columns it must give back (a column given back waits for the ring
   * like one that held values). Writer thread only.
   */
  public boolean canLend(int count) {
    int free = width() - neverLent;
    for (Released column : released) {
      if (free >= count || !overwritten(column.lastRow())) {
        break;
      }
      free++;
    }
    return free >= count;
  }

  /**
   * Gives back {@code column}, whose owner's last value is in the last appended row. Its owner
   * stays until the column is lent again. Writer thread only.
   */
  public void release(int column) {
    released.addLast(new Released(column, ring.published()));
  }

  /** Appends one row: a value, NaN or {@link #STALE} per column. Writer thread only. */
  public long append(long timestampMillis, double[] row) {
    return ring.append(timestampMillis, row);
  }

  /** The owner of {@code column} now, or null when it was never lent. */
  public @Nullable Owner owner(int column) {
    return owners.get(column);
  }

  /**
   * How many columns have an owner now (lent, or released and not yet lent again): those a row may
   * hold samples of. Readers count lost rows by it.
   */
  public int ownedColumns() {
    int owned = 0;
    for (int column = 0; column < owners.length(); column++) {
      if (owners.get(column) != null) {
        owned++;
      }
    }
    return owned;
  }

  /**
   * The series a value at row {@code row} of {@code column} belongs to, or null when it is not the
   * column's current owner's (a reader then skips it).
   */
  public @Nullable Series seriesAt(int column, long row) {
    Owner owner = owners.get(column);
    return owner != null && row >= owner.firstRow() ? owner.series() : null;
  }

  private boolean overwritten(long row) {
    return ring.published() - ring.capacity() >= row;
  }
}

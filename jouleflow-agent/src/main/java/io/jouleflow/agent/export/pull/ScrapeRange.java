package io.jouleflow.agent.export.pull;

/**
 * The entries one scrape serves, fixed when it starts: rows {@code [firstRow, endRow)}, {@code
 * [firstRecord, endRecord)} and rows {@code [firstWorkloadRow, endWorkloadRow)} of the energy per
 * workload, by ring sequence. Entries appended while it writes wait for the next scrape; entries
 * overwritten while it writes are skipped and counted as lost.
 *
 * @param firstRow the first row, the oldest the ring still held when the cursor was behind it
 * @param endRow the sequence after the newest row
 * @param firstRecord the first record
 * @param endRecord the sequence after the newest record
 * @param firstWorkloadRow the first row of the energy per workload
 * @param endWorkloadRow the sequence after its newest row
 */
record ScrapeRange(
    long firstRow,
    long endRow,
    long firstRecord,
    long endRecord,
    long firstWorkloadRow,
    long endWorkloadRow) {

  /** A range without rows of the energy per workload. */
  ScrapeRange(long firstRow, long endRow, long firstRecord, long endRecord) {
    this(firstRow, endRow, firstRecord, endRecord, 0, 0);
  }
}

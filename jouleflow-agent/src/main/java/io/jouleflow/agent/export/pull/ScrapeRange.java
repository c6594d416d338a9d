package io.jouleflow.agent.export.pull;

/**
 * The entries one scrape serves, fixed when it starts: rows {@code [firstRow, endRow)} and records
 * {@code [firstRecord, endRecord)} by ring sequence. Entries appended while it writes wait for the
 * next scrape; entries overwritten while it writes are skipped and counted as lost.
 *
 * @param firstRow the first row, the oldest the ring still held when the cursor was behind it
 * @param endRow the sequence after the newest row
 * @param firstRecord the first record
 * @param endRecord the sequence after the newest record
 */
record ScrapeRange(long firstRow, long endRow, long firstRecord, long endRecord) {}

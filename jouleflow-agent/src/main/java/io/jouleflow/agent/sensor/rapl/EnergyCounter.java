package io.jouleflow.agent.sensor.rapl;

import io.jouleflow.agent.runtime.LogLimiter;
import io.jouleflow.agent.sensor.CounterWatch;
import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.agent.sensor.WrappingCounter;
import io.jouleflow.api.Series;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One zone's {@code energy_uj}, kept open and re-read from offset 0 at every tick, without
 * allocating. Adds up the wrap-corrected deltas into a microjoule total since the first reading; a
 * step back that no wrap at the zone's maximum power ({@link ZonePower}) explains is a counter
 * reset, counted in {@link io.jouleflow.agent.sensor.CounterResets} and adding nothing. A failed or
 * unparsable reading is logged (once a minute) with the file and what it held.
 */
final class EnergyCounter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EnergyCounter.class);
  private static final long UNPARSABLE = -1;
  private static final int BUFFER_BYTES = 64;
  private static final double MICROJOULES_PER_JOULE = 1e6;
  private static final String PLATYPUS_FIX =
      "readable by root only since CVE-2020-8694 (PLATYPUS): run as root, grant"
          + " CAP_DAC_READ_SEARCH, or make energy_uj group-readable with a udev or tmpfiles rule";

  private final Path file;
  private final FileChannel channel;
  private final long maxRange;
  private final Series series;
  private final Meter meter;
  private final double maxWatts;
  private final LogLimiter warnings;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private @Nullable WrappingCounter total;
  private long lastReadNanos;

  private EnergyCounter(Path file, FileChannel channel, long maxRange, RaplZone zone, Meter meter) {
    this.file = file;
    this.channel = channel;
    this.maxRange = maxRange;
    this.series = zone.series();
    this.meter = meter;
    this.maxWatts = ZonePower.maxWatts(zone);
    this.warnings = LogLimiter.oncePerMinute(meter.watch().clock());
  }

  /** What every counter of a sensor shares: how files are opened, its clock, its reset count. */
  record Meter(ReadableFiles files, CounterWatch watch) {}

  /**
   * Opens {@code zone}'s counter and takes its first reading as the baseline.
   *
   * @throws UnavailableException naming the file (and the fix, for a root-only counter) when it
   *     cannot be opened or gives no parsable first reading
   */
  static EnergyCounter open(RaplZone zone, Meter meter) throws UnavailableException {
    long maxRange = readMaxRange(zone.maxEnergyRangeFile());
    Path file = zone.energyFile();
    FileChannel channel;
    try {
      channel = meter.files().open(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    EnergyCounter counter = new EnergyCounter(file, channel, maxRange, zone, meter);
    try {
      counter.takeBaseline();
    } catch (UnavailableException e) {
      counter.close();
      throw e;
    }
    return counter;
  }

  /**
   * The joules counted since the counter was opened, or {@link Double#NaN} when the file cannot be
   * read or parsed this time (the next good reading then counts the energy missed).
   */
  double joulesSinceOpen() {
    long current;
    try {
      current = readMicrojoules();
    } catch (IOException e) {
      warn("cannot read {}: {}", file, e);
      return Double.NaN;
    }
    if (current == UNPARSABLE || current > maxRange) {
      warn("{} holds '{}', not a microjoule count in 0..{}", file, content(), maxRange);
      return Double.NaN;
    }
    WrappingCounter counter = total;
    if (counter == null) {
      return Double.NaN;
    }
    long now = meter.watch().clock().nanoTime();
    long previous = counter.previous();
    if (!counter.advance(current, now - lastReadNanos)) {
      meter.watch().resets().reset(series, file.toString(), previous, current, "µJ");
    }
    lastReadNanos = now;
    return counter.total() / MICROJOULES_PER_JOULE;
  }

  /** Closes the file; never throws. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("cannot close {}", file, e);
    }
  }

  private void takeBaseline() throws UnavailableException {
    long first;
    try {
      first = readMicrojoules();
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (first == UNPARSABLE || first > maxRange) {
      throw new UnavailableException(
          file + " gives no microjoule count in 0.." + maxRange + ": not a RAPL energy counter");
    }
    total = new WrappingCounter(maxRange, first, maxWatts * MICROJOULES_PER_JOULE);
    lastReadNanos = meter.watch().clock().nanoTime();
    meter.watch().resets().register(series);
  }

  private void warn(String format, Object... arguments) {
    if (warnings.allows(file)) {
      log.warn("rapl: " + format + " (logged at most once a minute)", arguments);
    }
  }

  /** What the buffer holds after a reading, printable, for a log line. */
  private String content() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < buffer.position() && i < BUFFER_BYTES; i++) {
      char c = (char) (buffer.get(i) & 0xFF);
      text.append(
          c >= ' ' && c < 0x7F
              ? String.valueOf(c)
              : String.format(Locale.ROOT, "\\x%02x", (int) c));
    }
    return text.toString();
  }

  private long readMicrojoules() throws IOException {
    buffer.clear();
    int length = channel.read(buffer, 0);
    return length >= BUFFER_BYTES ? UNPARSABLE : parse(buffer, length);
  }

  /**
   * Parses the decimal in the first {@code length} bytes of {@code bytes}, around which only
   * whitespace may stand.
   *
   * @return the value, or {@link #UNPARSABLE}
   */
  static long parse(ByteBuffer bytes, int length) {
    int i = 0;
    while (i < length && isWhitespace(bytes.get(i))) {
      i++;
    }
    int firstDigit = i;
    long value = 0;
    for (; i < length && isDigit(bytes.get(i)); i++) {
      int digit = bytes.get(i) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return UNPARSABLE;
      }
      value = value * 10 + digit;
    }
    boolean noDigits = i == firstDigit;
    while (i < length && isWhitespace(bytes.get(i))) {
      i++;
    }
    return noDigits || i < length ? UNPARSABLE : value;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == 0;
  }

  private static long readMaxRange(Path file) throws UnavailableException {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UnavailableException("cannot read " + file + ": " + e, e);
    }
    try {
      long maxRange = Long.parseLong(content);
      if (maxRange > 0) {
        return maxRange;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UnavailableException(
        file + " holds '" + content + "', not a positive microjoule count");
  }

  private static UnavailableException unreadable(Path file, IOException e) {
    if (e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("denied")) {
      return new UnavailableException("cannot read " + file + ": " + PLATYPUS_FIX, e);
    }
    return new UnavailableException("cannot read " + file + ": " + e, e);
  }
}

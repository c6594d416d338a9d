package io.jouleflow.agent.web;

import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.LogLimiter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from files and read again when they change (their modification time, size or inode),
 * checked each time it is asked for. A read that fails keeps the previous value, with a warning and
 * a count, until the files change again.
 */
final class Reloadable<T> {

  private static final Logger log = LoggerFactory.getLogger(Reloadable.class);

  /** Reads the value from its files. */
  @FunctionalInterface
  interface Loader<T> {
    T load(List<Path> files) throws IOException;
  }

  private final String what;
  private final Loader<T> loader;
  private final WebStats stats;
  private final LogLimiter warnings;
  private final Object lock = new Object();
  private volatile State<T> state;

  /**
   * Reads the value now.
   *
   * @throws IOException when the files cannot be read
   */
  Reloadable(String what, List<Path> files, Loader<T> loader, WebStats stats, Clock clock)
      throws IOException {
    this.what = what;
    this.loader = loader;
    this.stats = stats;
    this.warnings = LogLimiter.oncePerMinute(clock);
    FileStamp stamp = FileStamp.of(files);
    this.state = new State<>(List.copyOf(files), stamp, loader.load(files));
  }

  /** The value read from {@code files}, read again if they changed since. */
  T get(List<Path> files) {
    State<T> current = state;
    if (current.files.equals(files) && current.stamp.equals(FileStamp.of(files))) {
      return current.value;
    }
    synchronized (lock) {
      current = state;
      FileStamp stamp = FileStamp.of(files);
      if (current.files.equals(files) && current.stamp.equals(stamp)) {
        return current.value;
      }
      try {
        T value = loader.load(files);
        state = new State<>(List.copyOf(files), stamp, value);
        stats.reloaded(true);
        log.info("{} read again after a change of {}", what, files);
      } catch (IOException | RuntimeException e) {
        // A loader's unchecked exception (a parser's, say) must not escape into every handshake.
        state = new State<>(List.copyOf(files), stamp, current.value);
        stats.reloaded(false);
        if (warnings.allows(what)) {
          log.warn("{} changed but cannot be used, keeping the previous: {}", what, e.getMessage());
        }
      }
      return state.value;
    }
  }

  private record State<T>(List<Path> files, FileStamp stamp, T value) {}
}

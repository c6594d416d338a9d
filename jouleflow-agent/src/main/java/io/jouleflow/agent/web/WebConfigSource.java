package io.jouleflow.agent.web;

import io.jouleflow.agent.runtime.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The web config as it is now: the file is read again when it changes (checked per request), so
 * users and certificate file names change without a restart. TLS cannot be switched on or off that
 * way: such a change is refused like any invalid file, and the previous config stays.
 */
public final class WebConfigSource {

  private final Optional<Path> file;
  private final Optional<Reloadable<WebConfig>> reloadable;
  private final WebConfig initial;

  private WebConfigSource(Optional<Path> file, WebConfig initial, WebStats stats, Clock clock)
      throws IOException {
    this.file = file;
    this.initial = initial;
    boolean tls = initial.tls().isPresent();
    this.reloadable =
        file.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Reloadable<>(
                    "WEB_CONFIG_FILE",
                    List.of(file.get()),
                    f -> load(f.get(0), tls),
                    stats,
                    clock));
  }

  /** No web config file: plain HTTP, no auth. */
  public static WebConfigSource none(WebStats stats) {
    try {
      return new WebConfigSource(Optional.empty(), WebConfig.NONE, stats, Clock.SYSTEM);
    } catch (IOException e) {
      throw new IllegalStateException("nothing to read", e);
    }
  }

  /**
   * Reads and checks {@code file}, its certificates and key included.
   *
   * @throws WebConfigException one line naming the file and what is wrong
   */
  public static WebConfigSource open(Path file, WebStats stats, Clock clock)
      throws WebConfigException {
    WebConfig config = WebConfigParser.parse(file);
    try {
      if (config.tls().isPresent()) {
        KeyMaterial.check(config.tls().get());
      }
      return new WebConfigSource(Optional.of(file), config, stats, clock);
    } catch (IOException e) {
      throw new WebConfigException("WEB_CONFIG_FILE " + file + ": " + e.getMessage());
    }
  }

  /** The config now, read again if the file changed. */
  WebConfig current() {
    return reloadable.isPresent() ? reloadable.get().get(List.of(file.orElseThrow())) : initial;
  }

  /** Whether the server speaks TLS (fixed at start-up). */
  boolean tls() {
    return initial.tls().isPresent();
  }

  private static WebConfig load(Path file, boolean tls) throws IOException {
    try {
      WebConfig config = WebConfigParser.parse(file);
      if (config.tls().isPresent() != tls) {
        throw new IOException(
            "WEB_CONFIG_FILE " + file + ": tls_server_config added or removed; restart to apply");
      }
      if (config.tls().isPresent()) {
        KeyMaterial.check(config.tls().get());
      }
      return config;
    } catch (WebConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}

package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The live page's paths, registered when the agent starts but whose handlers are made on the first
 * request to one of them: an agent that is only scraped never loads the live page's classes, its
 * files or the JSON library (about 1 MiB of memory at a high sampling rate).
 */
final class LiveRoutes {

  /** The paths of the live page. */
  static final List<String> PATHS =
      List.of("/", "/api/status", "/api/live", "/static/live.js", "/static/live.css");

  private final Supplier<Map<String, HttpHandler>> make;
  private @Nullable Map<String, HttpHandler> handlers;

  private LiveRoutes(Supplier<Map<String, HttpHandler>> make) {
    this.make = make;
  }

  /** A handler for each of {@link #PATHS} that hands over to those {@code make} makes, once. */
  static Map<String, HttpHandler> of(Supplier<Map<String, HttpHandler>> make) {
    LiveRoutes routes = new LiveRoutes(make);
    Map<String, HttpHandler> lazy = new LinkedHashMap<>();
    for (String path : PATHS) {
      lazy.put(path, exchange -> routes.handler(path).handle(exchange));
    }
    return lazy;
  }

  private synchronized HttpHandler handler(String path) {
    Map<String, HttpHandler> made = handlers;
    if (made == null) {
      made = make.get();
      handlers = made;
    }
    return Objects.requireNonNull(made.get(path), path);
  }
}

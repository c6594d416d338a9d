package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * One static file of the live page, read from the jar once (a few KiB): the page works without
 * network access, nothing comes from a CDN.
 */
final class LiveAssets implements HttpHandler {

  private final byte[] body;
  private final String contentType;

  private LiveAssets(byte[] body, String contentType) {
    this.body = body;
    this.contentType = contentType;
  }

  /** The resource {@code name} next to this class, served as {@code contentType}. */
  static LiveAssets of(String name, String contentType) {
    try (InputStream in = LiveAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + name);
      }
      return new LiveAssets(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}

package io.jouleflow.agent.web;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.Locale;

/**
 * A request line and its header fields.
 *
 * @param method e.g. {@code GET}
 * @param uri the request target
 * @param protocol {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers the header fields
 */
record RequestHead(String method, URI uri, String protocol, Headers headers) {

  /** Whether the client asked to close the connection after this request. */
  boolean wantsClose() {
    String connection = headers.getFirst("Connection");
    String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    return protocol.equals("HTTP/1.0") ? !tokens.contains("keep-alive") : tokens.contains("close");
  }

  /** The path to route on: the raw path, so that an escaped slash is not a slash. */
  String path() {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }
}

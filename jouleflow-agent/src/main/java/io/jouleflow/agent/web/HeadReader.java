package io.jouleflow.agent.web;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request line and header fields within the limits: a request line longer than allowed is
 * 414, a header section larger (or with more fields) than allowed is 431, anything else malformed
 * 400. Reads byte by byte from a buffered stream, into one array that grows up to the limit.
 */
final class HeadReader {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final int MAX_EMPTY_LINES = 4;

  private final InputStream in;
  private final WebLimits limits;
  private final int capacity;
  private byte[] line = new byte[256];

  HeadReader(InputStream in, WebLimits limits) {
    this.in = in;
    this.limits = limits;
    this.capacity = Math.max(limits.maxRequestLineBytes(), limits.maxHeaderBytes()) + 1;
  }

  /** The next request's head, or null when the client closed the connection before one. */
  @Nullable RequestHead read() throws IOException, HttpProblem {
    String requestLine = "";
    for (int empty = 0; requestLine.isEmpty(); empty++) {
      String next = line(limits.maxRequestLineBytes(), uriTooLong());
      if (next == null) {
        return null;
      }
      if (empty > MAX_EMPTY_LINES) {
        throw bad("empty lines before the request");
      }
      requestLine = next;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()) {
      throw bad("malformed request line");
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw new HttpProblem(505, WebStats.Rejected.BAD_REQUEST, "HTTP/1.1 only");
    }
    return new RequestHead(parts[0], target(parts[1]), parts[2], headers());
  }

  private Headers headers() throws IOException, HttpProblem {
    Headers headers = new Headers();
    int budget = limits.maxHeaderBytes();
    for (int count = 0; ; count++) {
      String field = line(Math.max(budget, 0) + 1, headerTooLarge());
      if (field == null) {
        throw bad("connection closed in the header");
      }
      if (field.isEmpty()) {
        return headers;
      }
      budget -= field.length() + 2;
      if (count >= limits.maxHeaders()) {
        throw headerTooLarge();
      }
      int colon = field.indexOf(':');
      if (colon <= 0 || !TOKEN.matcher(field.substring(0, colon)).matches()) {
        throw bad("malformed header field");
      }
      headers.add(field.substring(0, colon), field.substring(colon + 1).strip());
    }
  }

  private static URI target(String target) throws HttpProblem {
    if (!target.startsWith("/")
        && !target.startsWith("http://")
        && !target.startsWith("https://")) {
      throw bad("request target must be a path");
    }
    try {
      return new URI(target);
    } catch (URISyntaxException e) {
      throw bad("malformed request target");
    }
  }

  /** A line without its CR LF (or bare LF), or null at the end of the stream before any byte. */
  private @Nullable String line(int max, HttpProblem tooLong) throws IOException, HttpProblem {
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (length == 0) {
          return null;
        }
        throw bad("connection closed mid-line");
      }
      if (b == '\n') {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (length >= max) {
        throw tooLong;
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(capacity, line.length * 2));
      }
      line[length++] = (byte) b;
    }
  }

  private HttpProblem uriTooLong() {
    return new HttpProblem(
        414,
        WebStats.Rejected.URI_TOO_LONG,
        "request line longer than " + limits.maxRequestLineBytes() + " bytes");
  }

  private HttpProblem headerTooLarge() {
    return new HttpProblem(
        431,
        WebStats.Rejected.HEADER_TOO_LARGE,
        "header larger than "
            + limits.maxHeaderBytes()
            + " bytes or more than "
            + limits.maxHeaders()
            + " fields");
  }

  private static HttpProblem bad(String message) {
    return new HttpProblem(400, WebStats.Rejected.BAD_REQUEST, message);
  }
}

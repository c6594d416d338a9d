package io.jouleflow.agent.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response, as the JDK's {@link HttpExchange}, so that handlers written for the
 * JDK's server run here unchanged. {@code sendResponseHeaders(code, n)}: n &gt; 0 sends n bytes
 * with a Content-Length, 0 streams the body chunked, -1 sends none. For HEAD what the handler
 * writes is dropped.
 */
final class WebExchange extends HttpExchange {

  private final RequestHead head;
  private final InputStream requestBody;
  private final OutputStream out;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final Headers responseHeaders = new Headers();
  private final Map<String, Object> attributes = new HashMap<>();
  private final ResponseBody responseBody = new ResponseBody();
  private @Nullable OutputStream body;
  private @Nullable HttpPrincipal principal;
  private int code = -1;
  private boolean closeConnection;

  WebExchange(
      RequestHead head,
      InputStream requestBody,
      OutputStream out,
      InetSocketAddress remote,
      InetSocketAddress local) {
    this.head = head;
    this.requestBody = requestBody;
    this.out = out;
    this.remote = remote;
    this.local = local;
    this.closeConnection = head.wantsClose();
  }

  @Override
  public Headers getRequestHeaders() {
    return head.headers();
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return head.uri();
  }

  @Override
  public String getRequestMethod() {
    return head.method();
  }

  @Override
  public HttpContext getHttpContext() {
    throw new UnsupportedOperationException("jouleflow's server has no contexts");
  }

  @Override
  public void close() {
    try {
      requestBody.close();
      if (code == -1) {
        closeConnection = true;
      } else {
        responseBody.close();
      }
      out.flush();
    } catch (IOException e) {
      closeConnection = true;
    }
  }

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    return responseBody;
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    if (code != -1) {
      throw new IOException("response headers already sent");
    }
    code = rCode;
    String connection = responseHeaders.getFirst("Connection");
    if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
      closeConnection = true;
    }
    boolean noBody = head.method().equals("HEAD") || rCode == 204 || rCode == 304;
    if (noBody) {
      // A handler written for GET may write its body for HEAD too: it is dropped, not an error,
      // and HEAD tells the length that GET would.
      if (head.method().equals("HEAD") && responseLength > 0) {
        responseHeaders.set("Content-Length", Long.toString(responseLength));
      }
      body = OutputStream.nullOutputStream();
    } else if (responseLength > 0 || responseLength == -1) {
      long length = Math.max(0, responseLength);
      responseHeaders.set("Content-Length", Long.toString(length));
      body = new Bodies.FixedOut(out, length);
    } else if (head.protocol().equals("HTTP/1.0")) {
      closeConnection = true;
      body = new Bodies.UntilCloseOut(out);
    } else {
      responseHeaders.set("Transfer-Encoding", "chunked");
      body = new Bodies.ChunkedOut(out);
    }
    writeHead(rCode);
    if (noBody || responseLength == -1) {
      out.flush();
    }
  }

  private void writeHead(int rCode) throws IOException {
    responseHeaders.set(
        "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    if (closeConnection) {
      responseHeaders.set("Connection", "close");
    } else if (head.protocol().equals("HTTP/1.0")) {
      responseHeaders.set("Connection", "keep-alive");
    }
    StringBuilder text = new StringBuilder(256);
    text.append("HTTP/1.1 ").append(rCode).append(' ').append(reason(rCode)).append("\r\n");
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue()) {
        text.append(header.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    text.append("\r\n");
    out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Makes the connection close after this exchange (and says so in the response). */
  void closeAfter() {
    closeConnection = true;
  }

  /** Whether the connection must close after this exchange. */
  boolean closesConnection() {
    return closeConnection;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return remote;
  }

  @Override
  public int getResponseCode() {
    return code;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return local;
  }

  @Override
  public String getProtocol() {
    return head.protocol();
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void setStreams(@Nullable InputStream i, @Nullable OutputStream o) {
    throw new UnsupportedOperationException("filters are not supported");
  }

  @Override
  public @Nullable HttpPrincipal getPrincipal() {
    return principal;
  }

  void setPrincipal(HttpPrincipal principal) {
    this.principal = principal;
  }

  static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 413 -> "Content Too Large";
      case 417 -> "Expectation Failed";
      case 414 -> "URI Too Long";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status";
    };
  }

  /** The response body: usable once the headers are sent. */
  private final class ResponseBody extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      sent().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      sent().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      sent().flush();
    }

    @Override
    public void close() throws IOException {
      if (body != null) {
        body.close();
      }
    }

    private OutputStream sent() throws IOException {
      OutputStream current = body;
      if (current == null) {
        throw new IOException("sendResponseHeaders must come first");
      }
      return current;
    }
  }
}

package io.jouleflow.agent.web;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How long a request's body is, read strictly so that no proxy in front and this server can
 * disagree on where the next request starts (request smuggling): one {@code Content-Length} of
 * digits only, never together with {@code Transfer-Encoding}; anything else is a 400, and the
 * connection closes.
 */
final class Framing {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private Framing() {}

  /** The body's length in bytes (0 without a Content-Length). */
  static long bodyLength(Headers headers, int maxBodyBytes) throws HttpProblem {
    List<String> lengths = headers.get("Content-Length");
    if (headers.containsKey("Transfer-Encoding")) {
      if (lengths != null) {
        throw bad("both Content-Length and Transfer-Encoding");
      }
      throw new HttpProblem(501, WebStats.Rejected.BAD_REQUEST, "chunked requests not supported");
    }
    if (lengths == null) {
      return 0;
    }
    if (lengths.size() != 1 || !DIGITS.matcher(lengths.get(0)).matches()) {
      throw bad("Content-Length must be one number");
    }
    long bytes = Long.parseLong(lengths.get(0));
    if (bytes > maxBodyBytes) {
      throw new HttpProblem(413, WebStats.Rejected.BODY_TOO_LARGE, "body too large");
    }
    return bytes;
  }

  /**
   * Whether the client waits for {@code 100 Continue} before it sends its body: the server never
   * asks for a body, so it answers at once and closes instead of waiting for one.
   *
   * @throws HttpProblem 417 for an expectation other than 100-continue
   */
  static boolean expectsContinue(Headers headers) throws HttpProblem {
    String expect = headers.getFirst("Expect");
    if (expect == null) {
      return false;
    }
    if (!expect.toLowerCase(Locale.ROOT).equals("100-continue")) {
      throw new HttpProblem(417, WebStats.Rejected.BAD_REQUEST, "only 100-continue is expected");
    }
    return true;
  }

  private static HttpProblem bad(String message) {
    return new HttpProblem(400, WebStats.Rejected.BAD_REQUEST, message);
  }
}

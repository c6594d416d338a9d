package io.jouleflow.agent.config;

/**
 * A URL as it may be logged or shown in an error: its user information and the values of its query
 * parameters (where tokens and passwords hide, e.g. {@code ?token=...}) replaced by {@value
 * #SECRET}, its fragment too. Works on text that does not parse as a URL as well, so a refused
 * setting can be shown.
 */
final class RedactedUrl {

  /** What stands in for a secret. */
  static final String SECRET = "<secret>";

  private RedactedUrl() {}

  /** {@code url} without its secrets, e.g. {@code https://<secret>@host/write?token=<secret>}. */
  static String of(String url) {
    int scheme = url.indexOf("://");
    int authorityStart = scheme < 0 ? 0 : scheme + 3;
    int authorityEnd = firstOf(url, "/?#", authorityStart);
    int at = url.lastIndexOf('@', authorityEnd - 1);
    StringBuilder out = new StringBuilder(url.length());
    if (at >= authorityStart) {
      out.append(url, 0, authorityStart).append(SECRET).append(url, at, authorityEnd);
    } else {
      out.append(url, 0, authorityEnd);
    }
    int queryStart = firstOf(url, "?#", authorityEnd);
    out.append(url, authorityEnd, queryStart);
    int fragment = url.indexOf('#', queryStart);
    int queryEnd = fragment < 0 ? url.length() : fragment;
    if (queryStart < queryEnd) {
      out.append('?').append(query(url.substring(queryStart + 1, queryEnd)));
    }
    if (fragment >= 0) {
      out.append('#').append(SECRET);
    }
    return out.toString();
  }

  /** Each {@code name=value} parameter as {@code name=<secret>}; one without a name, whole. */
  private static String query(String query) {
    StringBuilder out = new StringBuilder();
    for (String parameter : query.split("&", -1)) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      int equals = parameter.indexOf('=');
      if (equals > 0) {
        out.append(parameter, 0, equals + 1).append(SECRET);
      } else if (!parameter.isEmpty()) {
        out.append(SECRET);
      }
    }
    return out.toString();
  }

  private static int firstOf(String text, String chars, int from) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}

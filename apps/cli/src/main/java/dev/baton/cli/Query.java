package dev.baton.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** A path with URL-encoded query parameters; {@code null} values are left out. */
final class Query {

  private final StringBuilder text;
  private boolean first = true;

  Query(String path) {
    this.text = new StringBuilder(path);
  }

  Query param(String name, Object value) {
    if (value != null) {
      text.append(first ? '?' : '&').append(name).append('=');
      text.append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
      first = false;
    }
    return this;
  }

  Query params(String name, Collection<?> values) {
    if (values != null) {
      values.forEach(value -> param(name, value));
    }
    return this;
  }

  /** A path segment, encoded (so an id with a slash cannot reach another endpoint). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return text.toString();
  }
}

package dev.baton.protocol;

/** Small argument checks used by the message records' constructors. */
final class Checks {

  private Checks() {}

  static <T> T required(T value, String message, String field) {
    if (value == null) {
      throw new IllegalArgumentException(message + ": field \"" + field + "\" is required");
    }
    return value;
  }

  /**
   * {@code text} with every NUL character replaced by U+FFFD. JSON allows {@code \\u0000} in a
   * string, but PostgreSQL's {@code text} cannot store it: a worker's error message carrying one
   * would make its event fail on every try and be dead-lettered, losing the result.
   */
  static String storable(String text) {
    return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
  }

  static int positive(int value, String message, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(
          message + ": field \"" + field + "\" must be 1 or more, got " + value);
    }
    return value;
  }
}

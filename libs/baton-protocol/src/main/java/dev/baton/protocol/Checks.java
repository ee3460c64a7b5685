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

  static int positive(int value, String message, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(
          message + ": field \"" + field + "\" must be 1 or more, got " + value);
    }
    return value;
  }
}
